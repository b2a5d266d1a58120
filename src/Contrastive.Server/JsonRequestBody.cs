using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Contrastive.Server;

/// <summary>
/// Reads a request body as one JSON object, never holding more than the size limit in memory: a body larger than
/// the limit (by its Content-Length or while it streams in), an empty body, invalid JSON or a non-object top level
/// is an <see cref="InvalidRequestException"/>, and so is a body declared as something else than JSON (415; a missing
/// Content-Type and curl's default <c>application/x-www-form-urlencoded</c> are read as JSON) and a string that is
/// not valid Unicode (raw invalid UTF-8 bytes, or an escaped lone surrogate such as <c>"\ud800"</c>).
/// </summary>
internal static class JsonRequestBody
{
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        RequireJsonContentType(request.ContentType);
        if (request.ContentLength > maxBytes)
            throw TooLarge(request.ContentLength.Value, maxBytes);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes) throw TooLarge(null, maxBytes);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            throw new InvalidRequestException($"The request body could not be read: {e.Message}");
        }
        if (buffer.Length == 0)
            throw new InvalidRequestException("The request body is empty; send a JSON object.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            throw new InvalidRequestException($"The request body is not valid JSON: {e.Message}");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new InvalidRequestException($"The request body must be a JSON object, not {JsonFields.Describe(kind)}.");
        }
        try
        {
            RequireValidStrings(document.RootElement, "");
        }
        catch
        {
            document.Dispose();
            throw;
        }
        return document;
    }

    /// <summary>Refuses a declared media type other than JSON (and curl's default form type, which curl -d sends).</summary>
    static void RequireJsonContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return;
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is "application/json" or "application/x-www-form-urlencoded" || mediaType.EndsWith("+json", StringComparison.Ordinal))
            return;
        throw new InvalidRequestException(
            $"The request body is declared as '{mediaType}'; send JSON with Content-Type: application/json.",
            statusCode: StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>Decodes every property name and string value once, so that invalid UTF-8 or a lone UTF-16 surrogate
    /// is refused here, naming where it is, instead of failing later inside an endpoint.</summary>
    static void RequireValidStrings(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = Decode(() => property.Name, path.Length == 0 ? "a field name" : $"a field name in '{path}'");
                    RequireValidStrings(property.Value, path.Length == 0 ? name : $"{path}.{name}");
                }
                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in element.EnumerateArray()) RequireValidStrings(item, $"{path}[{i++}]");
                break;
            case JsonValueKind.String:
                Decode(element.GetString, $"'{path}'");
                break;
        }
    }

    static string Decode(Func<string?> read, string where)
    {
        try
        {
            return read() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw new InvalidRequestException($"The request body is not valid Unicode text: {where} holds invalid UTF-8 or a lone surrogate (e.g. \\ud800).");
        }
    }

    static InvalidRequestException TooLarge(long? length, long maxBytes) =>
        new(length is { } n
            ? $"The request body is {n} bytes; this server accepts at most {maxBytes} bytes (--max-request-bytes)."
            : $"The request body is larger than {maxBytes} bytes, the most this server accepts (--max-request-bytes).");
}

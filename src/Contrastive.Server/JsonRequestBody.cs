using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Contrastive.Server;

/// <summary>
/// Reads a request body as one JSON object, never holding more than the size limit in memory: a body larger than
/// the limit (by its Content-Length or while it streams in), an empty body, invalid JSON or a non-object top level
/// is an <see cref="InvalidRequestException"/>.
/// </summary>
internal static class JsonRequestBody
{
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
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
        return document;
    }

    static InvalidRequestException TooLarge(long? length, long maxBytes) =>
        new(length is { } n
            ? $"The request body is {n} bytes; this server accepts at most {maxBytes} bytes (--max-request-bytes)."
            : $"The request body is larger than {maxBytes} bytes, the most this server accepts (--max-request-bytes).");
}

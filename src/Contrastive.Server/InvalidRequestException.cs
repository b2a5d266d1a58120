namespace Contrastive.Server;

/// <summary>
/// A request the server refuses: answered with <see cref="StatusCode"/> (400 unless said otherwise) and OpenAI's error
/// body <c>{"error":{"message":..., "type":"invalid_request_error", "param":..., "code":null}}</c>.
/// </summary>
public sealed class InvalidRequestException(string message, string? param = null, int statusCode = 400) : Exception(message)
{
    /// <summary>The request field at fault (OpenAI's <c>param</c>), when there is one.</summary>
    public string? Param { get; } = param;

    public int StatusCode { get; } = statusCode;
}

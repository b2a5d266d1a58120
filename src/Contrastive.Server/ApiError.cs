using System.Text.Json.Serialization;

namespace Contrastive.Server;

/// <summary>OpenAI's error body: <c>{"error":{"message":..., "type":..., "param":..., "code":...}}</c>.</summary>
public sealed record ApiError([property: JsonPropertyName("error")] ApiErrorDetail Error)
{
    /// <summary>The type of every refused request (OpenAI's name).</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>The type of an unexpected failure inside the server.</summary>
    public const string ServerError = "server_error";

    public static ApiError Of(string message, string type = InvalidRequest, string? param = null) =>
        new(new ApiErrorDetail(message, type, param, null));
}

public sealed record ApiErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);

using System.Text.Json.Serialization;

namespace Contrastive.Server;

/// <summary>
/// OpenAI's embeddings response: <c>{"object":"list","data":[{"object":"embedding","index":i,"embedding":[...]}],
/// "model":..., "usage":{"prompt_tokens":n,"total_tokens":n}}</c>; <c>embedding</c> is a float array, or a base64
/// string of little-endian float32 values for <c>encoding_format: "base64"</c>.
/// </summary>
public sealed record OpenAiEmbeddingsResponse(IReadOnlyList<OpenAiEmbedding> Data, string Model, OpenAiUsage Usage)
{
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}

/// <param name="Embedding">A <c>float[]</c> or a base64 <c>string</c>.</param>
public sealed record OpenAiEmbedding(int Index, object Embedding)
{
    [JsonPropertyOrder(-1)]
    public string Object => "embedding";
}

public sealed record OpenAiUsage(int PromptTokens, int TotalTokens);

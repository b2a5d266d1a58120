using Contrastive.Core;

namespace Contrastive.Server;

/// <summary>
/// Limits and names of an <see cref="EmbeddingServer"/>. Requests beyond a limit are answered 400 with a JSON error
/// body, never processed.
/// </summary>
/// <param name="ModelId">Name reported by <c>/info</c> and in OpenAI responses' <c>model</c> (default: the model folder's name).</param>
/// <param name="MaxBatchSize">Most inputs (sentences) in one request; text-embeddings-inference's
/// <c>max_client_batch_size</c> (its default is 32; OpenAI's is 2048).</param>
/// <param name="MaxRequestBytes">Largest request body in bytes (text-embeddings-inference's <c>payload_limit</c>,
/// 2,000,000 by default).</param>
/// <param name="MaxTopK">Largest <c>top_k</c> accepted by <c>/search</c>.</param>
/// <param name="EncoderBatchSize">Sentences per forward pass when concurrent requests are encoded together.</param>
public sealed record EmbeddingServerOptions(
    string? ModelId = null,
    int MaxBatchSize = EmbeddingServerOptions.DefaultMaxBatchSize,
    long MaxRequestBytes = EmbeddingServerOptions.DefaultMaxRequestBytes,
    int MaxTopK = EmbeddingServerOptions.DefaultMaxTopK,
    int EncoderBatchSize = EmbeddingServerOptions.DefaultEncoderBatchSize)
{
    public const int DefaultMaxBatchSize = 256;
    public const long DefaultMaxRequestBytes = 2_000_000;
    public const int DefaultMaxTopK = 1000;
    public const int DefaultEncoderBatchSize = 64;

    /// <exception cref="ContrastiveException">A limit is not positive; the message names it.</exception>
    public void Validate()
    {
        if (MaxBatchSize < 1) throw new ContrastiveException($"The maximum batch size must be at least 1, not {MaxBatchSize}.");
        if (MaxRequestBytes < 64) throw new ContrastiveException($"The maximum request size must be at least 64 bytes, not {MaxRequestBytes}.");
        if (MaxTopK < 1) throw new ContrastiveException($"The maximum top_k must be at least 1, not {MaxTopK}.");
        if (EncoderBatchSize < 1) throw new ContrastiveException($"The encoder batch size must be at least 1, not {EncoderBatchSize}.");
    }
}

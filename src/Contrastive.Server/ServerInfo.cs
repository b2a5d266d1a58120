namespace Contrastive.Server;

/// <summary>
/// <c>GET /info</c>: model metadata in the shape of text-embeddings-inference's <c>/info</c> (model_id, model_dtype,
/// model_type.embedding.pooling, max_input_length, max_client_batch_size, auto_truncate), plus this server's own:
/// the embedding dimension, the request size limit, the index and the encoder queue's counters.
/// </summary>
public sealed record ServerInfo(
    string ModelId,
    string? ModelSha,
    string ModelDtype,
    ServerModelType ModelType,
    int MaxInputLength,
    int MaxClientBatchSize,
    long MaxRequestBytes,
    int MaxTopK,
    bool AutoTruncate,
    int Dimension,
    ServerIndexInfo? Index,
    ServerEncoderStats Encoder,
    string Version);

public sealed record ServerModelType(ServerEmbeddingType Embedding);

public sealed record ServerEmbeddingType(string Pooling);

public sealed record ServerIndexInfo(string Kind, int Count, string? Model);

/// <summary>Counters of the micro-batching queue: <c>groups</c> &lt; <c>requests</c> means concurrent requests were
/// encoded together; <c>forward_passes</c> counts the model calls (a group is cut into passes of similar lengths).</summary>
public sealed record ServerEncoderStats(long Groups, long ForwardPasses, long Requests, long Texts);

using Contrastive.Core;

namespace Contrastive.Embeddings.Postgres;

/// <summary>
/// Options of a <see cref="PostgresVectorStoreCollection"/>: where the server is, how records are written and how
/// the HNSW index is built and searched. The HNSW defaults are pgvector's (m 16, ef_construction 64, ef_search 40;
/// Malkov and Yashunin, "Efficient and robust approximate nearest neighbor search using Hierarchical Navigable Small
/// World graphs", 2018).
/// </summary>
/// <param name="ConnectionString">An Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5432;Username=app;Database=app</c>.</param>
/// <param name="BatchSize">Records per upsert transaction (and per call of the embedding generator).</param>
/// <param name="MaxAttempts">Tries of one batch before giving up when the server is unreachable or restarting.</param>
/// <param name="FirstRetryDelay">Wait before the second try; doubled after each failure up to <paramref name="MaxRetryDelay"/>.</param>
/// <param name="MaxRetryDelay">Longest wait between two tries.</param>
/// <param name="HnswM">HNSW: neighbours per node and layer.</param>
/// <param name="HnswEfConstruction">HNSW: candidate list size while building.</param>
/// <param name="HnswEfSearch">HNSW: candidate list size while searching (raised to top + skip when smaller).</param>
public sealed record PostgresStoreOptions(
    string ConnectionString,
    int BatchSize = PostgresStoreOptions.DefaultBatchSize,
    int MaxAttempts = 8,
    TimeSpan? FirstRetryDelay = null,
    TimeSpan? MaxRetryDelay = null,
    int HnswM = 16,
    int HnswEfConstruction = 64,
    int HnswEfSearch = 40)
{
    public const int DefaultBatchSize = 256;

    /// <summary>The environment variable read when no connection string is given.</summary>
    public const string EnvironmentVariable = "CONTRASTIVE_PG";

    public TimeSpan FirstRetry => FirstRetryDelay ?? TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetry => MaxRetryDelay ?? TimeSpan.FromSeconds(5);

    /// <summary>Options with <paramref name="connectionString"/>, or else the one in <c>CONTRASTIVE_PG</c>.</summary>
    /// <exception cref="ContrastiveException">Neither is set.</exception>
    public static PostgresStoreOptions FromConnection(string? connectionString)
    {
        var cs = string.IsNullOrWhiteSpace(connectionString) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : connectionString;
        if (string.IsNullOrWhiteSpace(cs))
            throw new ContrastiveException($"no PostgreSQL connection string: pass --connection or set {EnvironmentVariable} (e.g. Host=127.0.0.1;Port=5432;Username=postgres).");
        return new PostgresStoreOptions(cs);
    }

    /// <exception cref="ContrastiveException">A value is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) throw new ContrastiveException("the PostgreSQL connection string is empty.");
        if (BatchSize < 1) throw new ContrastiveException($"the PostgreSQL batch size must be at least 1, not {BatchSize}.");
        if (MaxAttempts < 1) throw new ContrastiveException($"the PostgreSQL attempts must be at least 1, not {MaxAttempts}.");
        if (FirstRetry < TimeSpan.Zero || MaxRetry < FirstRetry)
            throw new ContrastiveException($"the PostgreSQL retry delays must satisfy 0 <= first ({FirstRetry}) <= max ({MaxRetry}).");
        if (HnswM is < 2 or > 100) throw new ContrastiveException($"HNSW m must be between 2 and 100 (pgvector's range), not {HnswM}.");
        if (HnswEfConstruction < 2 * HnswM || HnswEfConstruction > 1000)
            throw new ContrastiveException($"HNSW ef_construction must be between 2m ({2 * HnswM}) and 1000, not {HnswEfConstruction}.");
        if (HnswEfSearch is < 1 or > 1000) throw new ContrastiveException($"HNSW ef_search must be between 1 and 1000, not {HnswEfSearch}.");
    }
}

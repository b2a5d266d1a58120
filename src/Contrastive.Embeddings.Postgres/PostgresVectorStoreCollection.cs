using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Contrastive.Core;
using Contrastive.Embeddings.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Npgsql;
using Pgvector;
using Pgvector.Npgsql;

namespace Contrastive.Embeddings.Postgres;

/// <summary>
/// A Microsoft.Extensions.VectorData <see cref="VectorStoreCollection{TKey, TRecord}"/> of <see cref="SentenceRecord"/>s
/// in a PostgreSQL table with pgvector: the same records and search semantics as <see cref="SentenceVectorStoreCollection"/>
/// (the in-process one), so an application moves from one to the other by constructing this one instead.
/// <list type="bullet">
/// <item>Table <c>NAME (id bigint identity, key text primary key, text text, embedding vector(D))</c> with an HNSW
/// index over cosine distance (<c>vector_cosine_ops</c>), created by <see cref="EnsureCollectionExistsAsync"/>; the
/// model folder is recorded as the table's comment.</item>
/// <item>Upsert: records without a vector are embedded from their text by the generator, a batch
/// (<see cref="PostgresStoreOptions.BatchSize"/>) at a time; vectors are stored at unit length. Each batch is one
/// transaction of <c>INSERT ... ON CONFLICT (key) DO UPDATE</c>: it is written whole or not at all, and because it is
/// idempotent a batch interrupted by a restart or a lost connection is retried with exponential backoff, so every
/// record ends up stored exactly once.</item>
/// <item>Search: cosine similarity (1 - pgvector's <c>&lt;=&gt;</c>), best first, through the HNSW index (approximate;
/// <see cref="PostgresStoreOptions.HnswEfSearch"/>); <c>Skip</c>, <c>ScoreThreshold</c> and <c>IncludeVectors</c> are
/// honoured; a <c>Filter</c> is not supported. A connection lost during a search is reported as one
/// <see cref="ContrastiveException"/> and the next call reconnects.</item>
/// </list>
/// A table made for another width is refused with one line naming both widths.
/// </summary>
public sealed class PostgresVectorStoreCollection : VectorStoreCollection<string, SentenceRecord>
{
    /// <summary>The <c>kind</c> reported for the HNSW table, as the in-process indexes report theirs.</summary>
    public const string KindName = "pgvector-hnsw";

    static readonly Regex TableName = new("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant);

    readonly IEmbeddingGenerator<string, Embedding<float>>? _generator;
    readonly NpgsqlDataSource _dataSource;
    readonly string _table;          // quoted
    int _checkedDimension;           // 1 once the table's width has been compared with ours

    /// <param name="name">The table: lower-case letters, digits and underscores, starting with a letter or underscore.</param>
    /// <param name="generator">Embeds texts of records upserted without a vector, and string queries; null when
    /// every record comes with its vector (e.g. from <c>contrastive encode</c>) and queries are vectors.</param>
    /// <param name="dimensions">Width of the vectors.</param>
    /// <exception cref="ContrastiveException">The name is not a plain table name, or an option is out of range.</exception>
    public PostgresVectorStoreCollection(string name, IEmbeddingGenerator<string, Embedding<float>>? generator, int dimensions, PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if (dimensions > 16000) throw new ContrastiveException($"pgvector stores at most 16000 dimensions, not {dimensions}.");
        if (!TableName.IsMatch(name))
            throw new ContrastiveException($"'{name}' is not a usable PostgreSQL table name: use lower-case letters, digits and '_' (at most 63, not starting with a digit).");
        options.Validate();
        Name = name;
        Dimensions = dimensions;
        Options = options;
        _generator = generator;
        _table = $"\"{name}\"";
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new ContrastiveException($"the PostgreSQL connection string is not valid: {e.Message}");
        }
        builder.UseVector();
        _dataSource = builder.Build();
        Metadata = new VectorStoreCollectionMetadata { VectorStoreSystemName = "postgresql", CollectionName = name };
    }

    /// <summary>A collection embedding with <paramref name="generator"/>'s model.</summary>
    public PostgresVectorStoreCollection(string name, SentenceEmbeddingGenerator generator, PostgresStoreOptions options)
        : this(name, generator, generator.Embedder.Dimension, options)
    {
    }

    public override string Name { get; }

    public int Dimensions { get; }

    public PostgresStoreOptions Options { get; }

    public VectorStoreCollectionMetadata Metadata { get; }

    IEmbeddingGenerator<string, Embedding<float>> Generator => _generator
        ?? throw new InvalidOperationException($"{Name} has no embedding generator: give records with vectors and search with vectors.");

    /// <summary>Called before each retry of a batch, with the fault and the number of failed tries (for logging).</summary>
    public Action<Exception, int>? Retrying { get; set; }

    string Where => $"PostgreSQL table {Name} at {_dataSource.ConnectionString.Split(';').FirstOrDefault(p => p.StartsWith("Host", StringComparison.OrdinalIgnoreCase)) ?? "the server"}";

    public override async Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        bool exists = false;
        await RunAsync("looking up the table", async ct =>
        {
            await using var cmd = _dataSource.CreateCommand("SELECT to_regclass($1) IS NOT NULL");
            cmd.Parameters.Add(new NpgsqlParameter { Value = _table });
            exists = (bool)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
        return exists;
    }

    /// <summary>Creates the extension, the table and its HNSW index when missing.</summary>
    /// <exception cref="ContrastiveException">The table exists with another width, or the server refused.</exception>
    public override async Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        await RunAsync("creating the table", async ct =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using (var ext = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS vector", connection))
                await ext.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await connection.ReloadTypesAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (await ExistingDimensionAsync(cancellationToken).ConfigureAwait(false) is null)
            await RunAsync("creating the table", async ct =>
            {
                await using var batch = _dataSource.CreateBatch();
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    $"CREATE TABLE IF NOT EXISTS {_table} (id bigint GENERATED ALWAYS AS IDENTITY, key text PRIMARY KEY, text text NOT NULL, embedding vector({Dimensions}) NOT NULL)"));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    $"CREATE INDEX IF NOT EXISTS \"{Name}_hnsw\" ON {_table} USING hnsw (embedding vector_cosine_ops) WITH (m = {Options.HnswM}, ef_construction = {Options.HnswEfConstruction})"));
                await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        await CheckDimensionAsync(requireTable: true, cancellationToken).ConfigureAwait(false);
    }

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref _checkedDimension, 0);
        return RunAsync("dropping the table", async ct =>
        {
            await using var cmd = _dataSource.CreateCommand($"DROP TABLE IF EXISTS {_table}");
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Number of records in the table.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await CheckDimensionAsync(requireTable: true, cancellationToken).ConfigureAwait(false);
        long count = 0;
        await RunAsync("counting records", async ct =>
        {
            await using var cmd = _dataSource.CreateCommand($"SELECT count(*) FROM {_table}");
            count = (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>Records <paramref name="model"/> (a model folder or name) as the table's comment.</summary>
    public Task RecordModelAsync(string model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return RunAsync("recording the model", async ct =>
        {
            await using var cmd = _dataSource.CreateCommand($"COMMENT ON TABLE {_table} IS '{model.Replace("'", "''", StringComparison.Ordinal)}'");
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>The model recorded by <see cref="RecordModelAsync"/>, or null.</summary>
    public async Task<string?> ReadModelAsync(CancellationToken cancellationToken = default)
    {
        string? model = null;
        await RunAsync("reading the model", async ct =>
        {
            await using var cmd = _dataSource.CreateCommand("SELECT obj_description(to_regclass($1), 'pg_class')");
            cmd.Parameters.Add(new NpgsqlParameter { Value = _table });
            model = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
        }, cancellationToken).ConfigureAwait(false);
        return model;
    }

    public override async Task<SentenceRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await foreach (var record in GetAsync([key], options, cancellationToken).ConfigureAwait(false)) return record;
        return null;
    }

    /// <summary>The records of the keys that exist, in the order of <paramref name="keys"/>.</summary>
    public override async IAsyncEnumerable<SentenceRecord> GetAsync(IEnumerable<string> keys, RecordRetrievalOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var wanted = keys.ToArray();
        if (wanted.Any(k => k is null)) throw new ArgumentException("a key is null.", nameof(keys));
        await CheckDimensionAsync(requireTable: true, cancellationToken).ConfigureAwait(false);
        bool vectors = options?.IncludeVectors ?? false;
        var found = new Dictionary<string, SentenceRecord>(StringComparer.Ordinal);
        await RunAsync("reading records", async ct =>
        {
            found.Clear();
            await using var cmd = _dataSource.CreateCommand($"SELECT key, text, embedding FROM {_table} WHERE key = ANY($1)");
            cmd.Parameters.Add(new NpgsqlParameter { Value = wanted });
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                found[reader.GetString(0)] = Read(reader, vectors);
        }, cancellationToken).ConfigureAwait(false);
        foreach (var key in wanted)
            if (found.TryGetValue(key, out var record)) yield return record;
    }

    /// <summary>The first <paramref name="top"/> records (after <c>Skip</c>) matching <paramref name="filter"/>, in
    /// insertion order; the filter is evaluated here, over a scan of the table.</summary>
    public override async IAsyncEnumerable<SentenceRecord> GetAsync(Expression<Func<SentenceRecord, bool>> filter, int top,
        FilteredRecordRetrievalOptions<SentenceRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        await CheckDimensionAsync(requireTable: true, cancellationToken).ConfigureAwait(false);
        var predicate = filter.Compile();
        int skip = options?.Skip ?? 0;
        bool vectors = options?.IncludeVectors ?? false;
        await using var cmd = _dataSource.CreateCommand($"SELECT key, text, embedding FROM {_table} ORDER BY id");
        NpgsqlDataReader reader;
        try
        {
            reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException)
        {
            throw Lost(e, "scanning records");
        }
        await using (reader)
            while (top > 0 && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = Read(reader, true);
                if (!predicate(record) || skip-- > 0) continue;
                if (!vectors) record.Vector = null;
                top--;
                yield return record;
            }
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DeleteAsync([key], cancellationToken);
    }

    /// <summary>Deletes the keys (missing ones are ignored) in one statement.</summary>
    public override async Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var doomed = keys.ToArray();
        await CheckDimensionAsync(requireTable: true, cancellationToken).ConfigureAwait(false);
        await RunAsync("deleting records", async ct =>
        {
            await using var cmd = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE key = ANY($1)");
            cmd.Parameters.Add(new NpgsqlParameter { Value = doomed });
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every record whose key is not among <paramref name="keys"/>, in one statement (a rebuild from
    /// a shorter corpus leaves no rows of the longer one behind). Returns the number of records deleted.</summary>
    public async Task<long> RetainOnlyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var kept = keys.ToArray();
        await CheckDimensionAsync(requireTable: true, cancellationToken).ConfigureAwait(false);
        long deleted = 0;
        await RunAsync("deleting records of other keys", async ct =>
        {
            await using var cmd = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE NOT (key = ANY($1))");
            cmd.Parameters.Add(new NpgsqlParameter { Value = kept });
            deleted = await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    public override Task UpsertAsync(SentenceRecord record, CancellationToken cancellationToken = default) =>
        UpsertAsync([record], cancellationToken);

    public override Task UpsertAsync(IEnumerable<SentenceRecord> records, CancellationToken cancellationToken = default) =>
        UpsertAsync(records, progress: null, cancellationToken);

    /// <summary>
    /// Stores the records <see cref="PostgresStoreOptions.BatchSize"/> at a time, each batch embedded (where it has no
    /// vector) and then written in one transaction, retried on connection faults; creates the table when missing.
    /// </summary>
    /// <param name="progress">Called with the number of records stored so far after each committed batch.</param>
    /// <exception cref="ArgumentException">A record has no key, no text, or a vector of another width.</exception>
    /// <exception cref="ContrastiveException">The table has another width, the server refused a statement, or it did not
    /// come back within <see cref="PostgresStoreOptions.MaxAttempts"/> tries.</exception>
    public async Task UpsertAsync(IEnumerable<SentenceRecord> records, Action<int>? progress, CancellationToken cancellationToken = default)
    {
        var all = SentenceRecord.CheckedBatch(records, Dimensions);
        if (all.Length == 0) return;
        if (Volatile.Read(ref _checkedDimension) == 0) await EnsureCollectionExistsAsync(cancellationToken).ConfigureAwait(false);
        string sql = $"INSERT INTO {_table} (key, text, embedding) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET text = EXCLUDED.text, embedding = EXCLUDED.embedding";
        int batches = (all.Length + Options.BatchSize - 1) / Options.BatchSize;
        for (int b = 0; b < batches; b++)
        {
            var batch = all.AsMemory(b * Options.BatchSize, Math.Min(Options.BatchSize, all.Length - b * Options.BatchSize)).ToArray();
            var vectors = await VectorsAsync(batch, cancellationToken).ConfigureAwait(false);
            await RunAsync($"upserting batch {b + 1} of {batches} ({batch.Length} records)", async ct =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                await using var command = new NpgsqlBatch(connection, transaction);
                for (int i = 0; i < batch.Length; i++)
                    command.BatchCommands.Add(new NpgsqlBatchCommand(sql)
                    {
                        Parameters = { new() { Value = batch[i].Key }, new() { Value = batch[i].Text }, new() { Value = new Vector(vectors[i]) } },
                    });
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            progress?.Invoke(b * Options.BatchSize + batch.Length);
        }
    }

    /// <summary>Unit vectors of the batch: given ones normalised, missing ones embedded in one generator call.</summary>
    async Task<float[][]> VectorsAsync(SentenceRecord[] batch, CancellationToken cancellationToken)
    {
        var result = batch.Select(r => r.Vector?.ToArray()).ToArray();
        var missing = Enumerable.Range(0, batch.Length).Where(i => result[i] is null).ToArray();
        if (missing.Length > 0)
        {
            var embeddings = await Generator.GenerateAsync(missing.Select(i => batch[i].Text), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (int j = 0; j < missing.Length; j++)
            {
                var v = embeddings[j].Vector.ToArray();
                if (v.Length != Dimensions)
                    throw new ContrastiveException($"the embedding generator gave {v.Length} dimensions; {Where} holds {Dimensions}.");
                result[missing[j]] = v;
            }
        }
        return result.Select(v => Unit(v!)).ToArray();
    }

    static float[] Unit(float[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return norm > 0 ? v.Select(x => (float)(x / norm)).ToArray() : v;
    }

    /// <summary>The <paramref name="top"/> records most similar to <paramref name="searchValue"/> by cosine, best first.</summary>
    /// <exception cref="NotSupportedException">The search value is not a string, float[], ReadOnlyMemory&lt;float&gt; or
    /// Embedding&lt;float&gt;, or a filter was given.</exception>
    /// <exception cref="ContrastiveException">The connection was lost (the next call reconnects), or the table is missing or of another width.</exception>
    public override async IAsyncEnumerable<VectorSearchResult<SentenceRecord>> SearchAsync<TInput>(TInput searchValue, int top,
        VectorSearchOptions<SentenceRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<SentenceRecord>();
        if (options.Filter is not null)
            throw new NotSupportedException($"{Name}: filters are not supported in searches of a PostgreSQL collection; filter the results.");
        float[] query = searchValue switch
        {
            string text => (await Generator.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector.ToArray(),
            float[] array => array,
            ReadOnlyMemory<float> memory => memory.ToArray(),
            Embedding<float> embedding => embedding.Vector.ToArray(),
            _ => throw new NotSupportedException(
                $"{Name}: a search value of type {typeof(TInput).Name} is not supported; use a string, float[], ReadOnlyMemory<float> or Embedding<float>."),
        };
        var matches = await NearestAsync(query, top, options.Skip, options.IncludeVectors, cancellationToken).ConfigureAwait(false);
        foreach (var (_, record, score) in matches)
        {
            if (options.ScoreThreshold is { } t && score < t) continue;
            yield return new VectorSearchResult<SentenceRecord>(record, score);
        }
    }

    /// <summary>The rows nearest to <paramref name="query"/> by cosine through the HNSW index: (id, record, cosine), best first.</summary>
    /// <exception cref="ContrastiveException">The connection was lost (the next call reconnects), or the table is missing or of another width.</exception>
    public async Task<IReadOnlyList<(long Id, SentenceRecord Record, float Score)>> NearestAsync(float[] query, int top, int skip = 0,
        bool includeVectors = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        if (query.Length != Dimensions)
            throw new ArgumentException($"the query has {query.Length} dimensions; this collection holds {Dimensions}.", nameof(query));
        await CheckDimensionAsync(requireTable: true, cancellationToken).ConfigureAwait(false);
        int ef = Math.Clamp(Math.Max(Options.HnswEfSearch, top + skip), 1, 1000);
        var results = new List<(long, SentenceRecord, float)>();
        try
        {
            await using var batch = _dataSource.CreateBatch();
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SET hnsw.ef_search = {ef.ToString(CultureInfo.InvariantCulture)}"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                $"SELECT key, text, embedding, id, 1 - (embedding <=> $1) FROM {_table} ORDER BY embedding <=> $1 LIMIT $2 OFFSET $3")
            {
                Parameters = { new() { Value = new Vector(query) }, new() { Value = (long)top }, new() { Value = (long)skip } },
            });
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                results.Add((reader.GetInt64(3), Read(reader, includeVectors), (float)reader.GetDouble(4)));
        }
        catch (Exception e) when (PostgresFaults.IsConnectionFault(e) && !cancellationToken.IsCancellationRequested)
        {
            _dataSource.Clear();
            throw Lost(e, "searching");
        }
        catch (PostgresException e)
        {
            throw new ContrastiveException($"{Where}: the search failed: {PostgresFaults.Describe(e)}", e);
        }
        return results;
    }

    ContrastiveException Lost(Exception e, string what) =>
        new($"{Where}: the connection was lost while {what} ({PostgresFaults.Describe(e)}); the next call reconnects.", e);

    static SentenceRecord Read(NpgsqlDataReader reader, bool includeVector) => new()
    {
        Key = reader.GetString(0),
        Text = reader.GetString(1),
        Vector = includeVector ? reader.GetFieldValue<Vector>(2).Memory : (ReadOnlyMemory<float>?)null,
    };

    /// <summary>The width of the existing table's <c>embedding</c> column, or null when there is no table.</summary>
    async Task<int?> ExistingDimensionAsync(CancellationToken cancellationToken)
    {
        int? width = null;
        await RunAsync("reading the table's width", async ct =>
        {
            await using var cmd = _dataSource.CreateCommand(
                "SELECT a.atttypmod FROM pg_attribute a WHERE a.attrelid = to_regclass($1) AND a.attname = 'embedding' AND NOT a.attisdropped");
            cmd.Parameters.Add(new NpgsqlParameter { Value = _table });
            width = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is int w ? w : null;
        }, cancellationToken).ConfigureAwait(false);
        return width;
    }

    /// <summary>Compares the table's width with the model's once per collection object.</summary>
    async Task CheckDimensionAsync(bool requireTable, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _checkedDimension) == 1) return;
        var width = await ExistingDimensionAsync(cancellationToken).ConfigureAwait(false);
        if (width is null)
        {
            if (requireTable)
                throw new ContrastiveException($"{Where} does not exist: build it with 'contrastive index build --store postgres --out {Name}'.");
            return;
        }
        if (width != Dimensions)
            throw new ContrastiveException(
                $"{Where} holds {width}-dimensional vectors but the model gives {Dimensions}-dimensional embeddings; use another table name or drop this one.");
        Volatile.Write(ref _checkedDimension, 1);
    }

    Task RunAsync(string what, Func<CancellationToken, Task> attempt, CancellationToken cancellationToken) =>
        PostgresFaults.RunAsync(_dataSource, Options, $"{what} ({Where})", attempt, Retrying, cancellationToken);

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(VectorStoreCollectionMetadata)) return Metadata;
        if (serviceType == typeof(NpgsqlDataSource)) return _dataSource;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _dataSource.Dispose();
        base.Dispose(disposing);
    }
}

using Contrastive.Core;
using Contrastive.Embeddings.AI;
using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Postgres;

/// <summary>
/// A <see cref="PostgresVectorStoreCollection"/> seen as an <see cref="IVectorIndex"/>, so whatever searches our
/// in-process indexes (<see cref="SentenceEmbedder.Search(string, double, int)"/>, <c>contrastive search</c>, the
/// server's <c>/search</c>) searches the PostgreSQL table instead. A match's <see cref="IndexMatch.Index"/> is the
/// row's <c>id</c> (its insertion order; gaps where a transaction was retried). Scores are cosines through the HNSW
/// index, so approximate. Owns the collection.
/// </summary>
public sealed class PostgresVectorIndex : IVectorIndex
{
    readonly PostgresVectorStoreCollection _collection;
    int _count;

    PostgresVectorIndex(PostgresVectorStoreCollection collection, int count, string? model)
    {
        _collection = collection;
        _count = count;
        Model = model;
    }

    /// <summary>Opens the existing table of <paramref name="collection"/> (taking ownership).</summary>
    /// <exception cref="ContrastiveException">The table is missing, of another width, or the server is unreachable.</exception>
    public static async Task<PostgresVectorIndex> OpenAsync(PostgresVectorStoreCollection collection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        long count = await collection.CountAsync(cancellationToken).ConfigureAwait(false);
        var model = await collection.ReadModelAsync(cancellationToken).ConfigureAwait(false);
        return new PostgresVectorIndex(collection, checked((int)count), string.IsNullOrEmpty(model) ? null : model);
    }

    public PostgresVectorStoreCollection Collection => _collection;

    public string Kind => PostgresVectorStoreCollection.KindName;

    public int Dimension => _collection.Dimensions;

    /// <summary>Rows in the table when opened or last added to.</summary>
    public int Count => Volatile.Read(ref _count);

    public string? Model { get; }

    /// <summary>Upserts the rows with keys continuing the row count ("N", "N+1", ...).</summary>
    public void Add(Tensor vectors, IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(sentences);
        if (vectors.ndim != 2 || vectors.shape[1] != Dimension || vectors.shape[0] != sentences.Count)
            throw new ArgumentException($"expected ({sentences.Count}, {Dimension}) vectors, got ({string.Join(", ", vectors.shape)}).", nameof(vectors));
        var flat = vectors.to(ScalarType.Float32).contiguous().data<float>().ToArray();
        int first = Count;
        var records = sentences.Select((s, i) => new SentenceRecord
        {
            Key = (first + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Text = s,
            Vector = flat.AsMemory(i * Dimension, Dimension),
        });
        _collection.UpsertAsync(records).GetAwaiter().GetResult();
        Volatile.Write(ref _count, checked((int)_collection.CountAsync().GetAwaiter().GetResult()));
    }

    /// <summary>The <paramref name="k"/> nearest rows of each (Q, D) query, one query at a time.</summary>
    public IReadOnlyList<IReadOnlyList<IndexMatch>> Search(Tensor queries, int k)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (queries.ndim != 2 || queries.shape[1] != Dimension)
            throw new ArgumentException($"expected (Q, {Dimension}) queries, got ({string.Join(", ", queries.shape)}).", nameof(queries));
        var flat = queries.to(ScalarType.Float32).contiguous().data<float>().ToArray();
        int q = (int)queries.shape[0];
        var result = new IReadOnlyList<IndexMatch>[q];
        for (int i = 0; i < q; i++)
            result[i] = _collection.NearestAsync(flat.AsSpan(i * Dimension, Dimension).ToArray(), k).GetAwaiter().GetResult()
                .Select(m => new IndexMatch(checked((int)m.Id), m.Score, m.Record.Text)).ToArray();
        return result;
    }

    /// <exception cref="ContrastiveException">Always: the table lives in the database.</exception>
    public void Save(string directory) =>
        throw new ContrastiveException($"the index is the PostgreSQL table {_collection.Name}; it is stored by the server, not in {directory}.");

    public void Dispose() => _collection.Dispose();
}

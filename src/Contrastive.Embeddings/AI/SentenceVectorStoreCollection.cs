using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Contrastive.Embeddings.Indexes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.AI;

/// <summary>
/// A Microsoft.Extensions.VectorData <see cref="VectorStoreCollection{TKey, TRecord}"/> of <see cref="SentenceRecord"/>s
/// over one of our vector indexes (<see cref="ExactInnerProductIndex"/> by default), so an application written against the
/// abstraction runs on one machine with this collection and moves to a hosted vector database by swapping in that
/// database's connector.
/// <list type="bullet">
/// <item>Upsert: a record without a vector is embedded from its text with the collection's
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>; its unit vector is appended to the index. Upserting an existing
/// key replaces the record (the old index row is marked deleted and skipped by searches).</item>
/// <item>Search: <c>SearchAsync</c> takes a string (embedded with the generator), a <c>ReadOnlyMemory&lt;float&gt;</c>,
/// a <c>float[]</c> or an <see cref="Embedding{T}"/>; scores are cosine similarities (higher is better), best first;
/// <see cref="VectorSearchOptions{TRecord}.Skip"/>, <c>ScoreThreshold</c>, <c>IncludeVectors</c> and <c>Filter</c> are
/// honoured (a filter is evaluated over the records after scoring).</item>
/// </list>
/// Records are kept in memory beside the index; the collection is safe for concurrent use.
/// </summary>
public sealed class SentenceVectorStoreCollection : VectorStoreCollection<string, SentenceRecord>
{
    readonly object _sync = new();
    readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    readonly Func<int, IVectorIndex> _newIndex;
    readonly Dictionary<string, (int Row, SentenceRecord Record)> _records = new(StringComparer.Ordinal);
    readonly List<string?> _keyOfRow = [];   // null where the row was replaced or deleted
    IVectorIndex? _index;
    int _deletedRows;

    /// <param name="name">The collection's name.</param>
    /// <param name="generator">Embeds texts of records upserted without a vector, and string queries.</param>
    /// <param name="dimensions">Width of the vectors.</param>
    /// <param name="newIndex">Creates the index for a dimension (default: an exact inner-product index).</param>
    public SentenceVectorStoreCollection(string name, IEmbeddingGenerator<string, Embedding<float>> generator, int dimensions,
        Func<int, IVectorIndex>? newIndex = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Name = name;
        Dimensions = dimensions;
        _generator = generator;
        _newIndex = newIndex ?? (d => new ExactInnerProductIndex(d));
        Metadata = new VectorStoreCollectionMetadata { VectorStoreSystemName = SentenceEmbeddingGenerator.ProviderName, CollectionName = name };
    }

    /// <summary>A collection embedding with <paramref name="generator"/> over an <see cref="ExactInnerProductIndex"/>.</summary>
    public SentenceVectorStoreCollection(string name, SentenceEmbeddingGenerator generator)
        : this(name, generator, generator.Embedder.Dimension)
    {
    }

    public override string Name { get; }

    public int Dimensions { get; }

    public VectorStoreCollectionMetadata Metadata { get; }

    /// <summary>Number of live records.</summary>
    public int Count
    {
        get
        {
            lock (_sync) return _records.Count;
        }
    }

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        lock (_sync) return Task.FromResult(_index is not null);
    }

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        lock (_sync) _index ??= _newIndex(Dimensions);
        return Task.CompletedTask;
    }

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        lock (_sync)
        {
            _index?.Dispose();
            _index = null;
            _records.Clear();
            _keyOfRow.Clear();
            _deletedRows = 0;
        }
        return Task.CompletedTask;
    }

    public override Task<SentenceRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
            return Task.FromResult(_records.TryGetValue(key, out var entry) ? Copy(entry.Record, options?.IncludeVectors ?? false) : null);
    }

    public override async IAsyncEnumerable<SentenceRecord> GetAsync(IEnumerable<string> keys, RecordRetrievalOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            var record = await GetAsync(key, options, cancellationToken).ConfigureAwait(false);
            if (record is not null) yield return record;
        }
    }

    /// <summary>The first <paramref name="top"/> records (after <c>Skip</c>) matching <paramref name="filter"/>, in insertion order.</summary>
    public override async IAsyncEnumerable<SentenceRecord> GetAsync(Expression<Func<SentenceRecord, bool>> filter, int top,
        FilteredRecordRetrievalOptions<SentenceRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var predicate = filter.Compile();
        SentenceRecord[] matches;
        lock (_sync)
            matches = _records.Values.OrderBy(e => e.Row).Select(e => e.Record).Where(predicate)
                .Skip(options?.Skip ?? 0).Take(top)
                .Select(r => Copy(r, options?.IncludeVectors ?? false)).ToArray();
        foreach (var record in matches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return record;
        }
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_sync)
            if (_records.Remove(key, out var entry))
            {
                _keyOfRow[entry.Row] = null;
                _deletedRows++;
            }
        return Task.CompletedTask;
    }

    public override Task UpsertAsync(SentenceRecord record, CancellationToken cancellationToken = default) =>
        UpsertAsync([record], cancellationToken);

    /// <summary>Embeds the records without a vector (one generator call), then stores all of them.</summary>
    /// <exception cref="ArgumentException">A record has no key, no text, or a vector of another width.</exception>
    public override async Task UpsertAsync(IEnumerable<SentenceRecord> records, CancellationToken cancellationToken = default)
    {
        var batch = SentenceRecord.CheckedBatch(records, Dimensions);
        if (batch.Length == 0) return;
        var toEmbed = batch.Where(r => r.Vector is null).ToArray();
        if (toEmbed.Length > 0)
        {
            var embeddings = await _generator.GenerateAsync(toEmbed.Select(r => r.Text), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < toEmbed.Length; i++) toEmbed[i] = Copy(toEmbed[i], false, embeddings[i].Vector);
        }
        int next = 0;
        var stored = batch.Select(r => r.Vector is null ? toEmbed[next++] : Copy(r, true)).ToArray();
        cancellationToken.ThrowIfCancellationRequested();

        using var scope = NewDisposeScope();
        var matrix = stack(stored.Select(r => tensor(r.Vector!.Value.ToArray())).ToArray());   // (n, D)
        var unit = nn.functional.normalize(matrix, p: 2, dim: 1);
        var unitRows = unit.contiguous().data<float>().ToArray();
        lock (_sync)
        {
            _index ??= _newIndex(Dimensions);
            int firstRow = _keyOfRow.Count;
            _index.Add(unit, stored.Select(r => r.Text).ToArray());
            for (int i = 0; i < stored.Length; i++)
            {
                var record = stored[i];
                record.Vector = unitRows.AsMemory(i * Dimensions, Dimensions).ToArray();
                if (_records.TryGetValue(record.Key, out var old))
                {
                    _keyOfRow[old.Row] = null;
                    _deletedRows++;
                }
                _keyOfRow.Add(record.Key);
                _records[record.Key] = (firstRow + i, record);
            }
        }
    }

    /// <summary>The <paramref name="top"/> records most similar to <paramref name="searchValue"/> by cosine, best first.</summary>
    /// <exception cref="NotSupportedException">The search value is not a string, float[], ReadOnlyMemory&lt;float&gt; or Embedding&lt;float&gt;.</exception>
    public override async IAsyncEnumerable<VectorSearchResult<SentenceRecord>> SearchAsync<TInput>(TInput searchValue, int top,
        VectorSearchOptions<SentenceRecord>? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<SentenceRecord>();
        float[] query = searchValue switch
        {
            string text => (await _generator.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector.ToArray(),
            float[] array => array,
            ReadOnlyMemory<float> memory => memory.ToArray(),
            Embedding<float> embedding => embedding.Vector.ToArray(),
            _ => throw new NotSupportedException(
                $"{Name}: a search value of type {typeof(TInput).Name} is not supported; use a string, float[], ReadOnlyMemory<float> or Embedding<float>."),
        };
        if (query.Length != Dimensions)
            throw new ArgumentException($"the query has {query.Length} dimensions; this collection holds {Dimensions}.", nameof(searchValue));
        cancellationToken.ThrowIfCancellationRequested();

        var predicate = options.Filter?.Compile();
        var results = new List<VectorSearchResult<SentenceRecord>>();
        lock (_sync)
        {
            if (_index is not null && _records.Count > 0)
            {
                // Deleted rows and filtered-out records may take places in the top list, so ask for enough to skip them.
                int want = predicate is null ? Math.Min(_index.Count, top + options.Skip + _deletedRows) : _index.Count;
                IReadOnlyList<IndexMatch> matches;
                using (NewDisposeScope())
                    matches = _index.Search(nn.functional.normalize(tensor(query).unsqueeze(0), p: 2, dim: 1), want)[0];
                foreach (var m in matches)
                {
                    if (_keyOfRow[m.Index] is not { } key) continue;
                    var record = _records[key].Record;
                    if (predicate is not null && !predicate(record)) continue;
                    if (options.ScoreThreshold is { } t && m.Score < t) continue;
                    results.Add(new VectorSearchResult<SentenceRecord>(Copy(record, options.IncludeVectors), m.Score));
                }
            }
        }
        foreach (var result in results.Skip(options.Skip).Take(top))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return result;
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(VectorStoreCollectionMetadata)) return Metadata;
        if (serviceType == typeof(IVectorIndex)) lock (_sync) return _index;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    static SentenceRecord Copy(SentenceRecord r, bool includeVector, ReadOnlyMemory<float>? vector = null) => new()
    {
        Key = r.Key,
        Text = r.Text,
        Vector = vector ?? (includeVector ? r.Vector : null),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            lock (_sync)
            {
                _index?.Dispose();
                _index = null;
            }
        base.Dispose(disposing);
    }
}

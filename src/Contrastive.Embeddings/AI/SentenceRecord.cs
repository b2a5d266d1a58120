using Microsoft.Extensions.VectorData;

namespace Contrastive.Embeddings.AI;

/// <summary>
/// A record of a <see cref="SentenceVectorStoreCollection"/>: a key, a text and the text's embedding. For a
/// Microsoft.Extensions.VectorData connector of a hosted vector database, <see cref="Definition"/> gives the same
/// schema with the model's dimension and cosine similarity.
/// </summary>
public sealed class SentenceRecord
{
    [VectorStoreKey]
    public string Key { get; set; } = "";

    [VectorStoreData]
    public string Text { get; set; } = "";

    /// <summary>The embedding; left null on upsert, it is computed from <see cref="Text"/> by the collection's generator.</summary>
    public ReadOnlyMemory<float>? Vector { get; set; }

    /// <summary>The schema for a connector: key <c>Key</c>, data <c>Text</c>, vector <c>Vector</c> of
    /// <paramref name="dimensions"/> floats compared by cosine similarity.</summary>
    public static VectorStoreCollectionDefinition Definition(int dimensions) => new()
    {
        Properties =
        [
            new VectorStoreKeyProperty(nameof(Key), typeof(string)),
            new VectorStoreDataProperty(nameof(Text), typeof(string)),
            new VectorStoreVectorProperty(nameof(Vector), typeof(ReadOnlyMemory<float>?), dimensions)
            {
                DistanceFunction = DistanceFunction.CosineSimilarity,
                IndexKind = IndexKind.Flat,
            },
        ],
    };

    /// <summary>The records as an array, each checked for an upsert into a collection of <paramref name="dimensions"/>-wide vectors.</summary>
    /// <exception cref="ArgumentException">A record is null, has no key, no text, or a vector of another width.</exception>
    public static SentenceRecord[] CheckedBatch(IEnumerable<SentenceRecord> records, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(records);
        var batch = records.ToArray();
        foreach (var r in batch)
        {
            if (r is null) throw new ArgumentException("a record is null.", nameof(records));
            if (string.IsNullOrEmpty(r.Key)) throw new ArgumentException("a record has no key.", nameof(records));
            if (r.Text is null) throw new ArgumentException($"record '{r.Key}' has no text.", nameof(records));
            if (r.Vector is { } v && v.Length != dimensions)
                throw new ArgumentException($"record '{r.Key}' has a {v.Length}-dimensional vector; this collection holds {dimensions}.", nameof(records));
        }
        return batch;
    }
}

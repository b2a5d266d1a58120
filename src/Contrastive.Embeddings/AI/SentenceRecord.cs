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
}

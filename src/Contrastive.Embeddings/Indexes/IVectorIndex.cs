using static TorchSharp.torch;

namespace Contrastive.Embeddings.Indexes;

/// <summary>
/// A searchable collection of (D)-dimensional unit vectors, each with the sentence it embeds (the SimCSE tool's
/// <c>self.index</c>). Searches may run concurrently with each other; <see cref="Add"/> excludes them while it runs.
/// Implementations own their tensors and are disposed by their owner.
/// </summary>
public interface IVectorIndex : IDisposable
{
    /// <summary>The <c>kind</c> written to <c>index.json</c>, e.g. "exact-inner-product".</summary>
    string Kind { get; }

    /// <summary>Width D of every vector.</summary>
    int Dimension { get; }

    /// <summary>Number of vectors N.</summary>
    int Count { get; }

    /// <summary>The model folder (or name) the vectors came from, when known; recorded in <c>index.json</c>.</summary>
    string? Model { get; }

    /// <summary>Appends (n, D) vectors, scaled to unit length, with their n sentences.</summary>
    void Add(Tensor vectors, IReadOnlyList<string> sentences);

    /// <summary>
    /// The <paramref name="k"/> rows with the largest inner product with each of the (Q, D) queries, best first;
    /// min(k, N) of them per query.
    /// </summary>
    IReadOnlyList<IReadOnlyList<IndexMatch>> Search(Tensor queries, int k);

    /// <summary>Writes the index into <paramref name="directory"/> (created if needed), each file atomically.</summary>
    void Save(string directory);
}

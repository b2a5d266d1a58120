using Contrastive.Core.Similarity;
using Contrastive.Core.Training;
using static TorchSharp.torch;

namespace Contrastive.Core.Flows;

/// <summary>The rows of an embedding matrix (N, D) as training examples: a batch is the rows at the indices, (B, D).</summary>
public sealed class EmbeddingRows : IBatchSource<Tensor>
{
    readonly Tensor _embeddings;

    /// <param name="embeddings">(N, D); not copied, the caller keeps it alive.</param>
    public EmbeddingRows(Tensor embeddings)
    {
        EmbeddingShape.Require2D(embeddings, nameof(embeddings));
        _embeddings = embeddings;
    }

    public int Count => (int)_embeddings.shape[0];

    public Tensor GetBatch(IReadOnlyList<int> indices) =>
        _embeddings.index_select(0, tensor(indices.Select(i => (long)i).ToArray()));
}

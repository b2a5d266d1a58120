using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// SBERT's regression objective (sentence-transformers' <c>CosineSimilarityLoss</c>).
/// Reimers, Gurevych, "Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks", EMNLP 2019, arXiv:1908.10084, §3:
/// "The cosine-similarity between the two sentence embeddings u and v is computed. We use mean-squared-error loss as
/// the objective function."
/// <para>For u, v (N, D) and gold similarities s (N) (STS-B scores scaled to [0, 1]):
/// L = (1/N) Σ_i (cos(u_i, v_i) − s_i)².</para>
/// </summary>
public sealed class CosineRegressionLoss : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    public CosineRegressionLoss() : base(nameof(CosineRegressionLoss)) { }

    /// <param name="u">(N, D).</param>
    /// <param name="v">(N, D).</param>
    /// <param name="targets">(N) gold similarities.</param>
    /// <returns>Scalar mean squared error.</returns>
    public override Tensor forward(Tensor u, Tensor v, Tensor targets)
    {
        EmbeddingShape.RequireSameShape(u, nameof(u), v, nameof(v));
        if (targets.ndim != 1 || targets.shape[0] != u.shape[0])
            throw new ArgumentException($"The targets must be (N) = ({u.shape[0]}), but they have shape [{string.Join(", ", targets.shape)}].", nameof(targets));
        using var scope = NewDisposeScope();
        var cos = CosineSimilarity.Rowwise(u, v);                                               // (N)
        return nn.functional.mse_loss(cos, targets.to(cos.dtype)).MoveToOuterDisposeScope();
    }
}

using static TorchSharp.torch;

namespace Contrastive.Core.Similarity;

/// <summary>
/// Cosine similarity cos(a, b) = a·b / (max(‖a‖, eps) · max(‖b‖, eps)).
/// Each row is divided by its L2 norm clamped below at <c>eps</c>, so a zero vector has similarity 0 with everything
/// (and a finite, zero gradient) instead of NaN.
/// </summary>
public static class CosineSimilarity
{
    /// <summary>
    /// All-pairs cosine matrix: S[i, j] = cos(a_i, b_j).
    /// </summary>
    /// <param name="a">(N, D) embeddings.</param>
    /// <param name="b">(M, D) embeddings.</param>
    /// <param name="eps">lower bound on each row norm; must be positive.</param>
    /// <returns>(N, M) similarities in [-1, 1].</returns>
    public static Tensor Pairwise(Tensor a, Tensor b, double eps = 1e-8)
    {
        EmbeddingShape.RequireSameWidth(a, nameof(a), b, nameof(b));
        RequirePositive(eps);
        using var scope = NewDisposeScope();
        var an = nn.functional.normalize(a, p: 2, dim: 1, eps: eps);   // (N, D)
        var bn = nn.functional.normalize(b, p: 2, dim: 1, eps: eps);   // (M, D)
        return an.matmul(bn.t()).MoveToOuterDisposeScope();            // (N, M)
    }

    /// <summary>
    /// Row-by-row cosine: s[i] = cos(a_i, b_i).
    /// </summary>
    /// <param name="a">(N, D) embeddings.</param>
    /// <param name="b">(N, D) embeddings.</param>
    /// <param name="eps">lower bound on each row norm; must be positive.</param>
    /// <returns>(N) similarities in [-1, 1].</returns>
    public static Tensor Rowwise(Tensor a, Tensor b, double eps = 1e-8)
    {
        EmbeddingShape.RequireSameShape(a, nameof(a), b, nameof(b));
        RequirePositive(eps);
        using var scope = NewDisposeScope();
        var an = nn.functional.normalize(a, p: 2, dim: 1, eps: eps);   // (N, D)
        var bn = nn.functional.normalize(b, p: 2, dim: 1, eps: eps);   // (N, D)
        return (an * bn).sum(1).MoveToOuterDisposeScope();             // (N)
    }

    private static void RequirePositive(double eps)
    {
        if (!(eps > 0) || double.IsInfinity(eps))
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"eps must be a positive finite number, but it is {eps}.");
    }
}

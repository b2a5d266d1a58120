using static TorchSharp.torch;

namespace Contrastive.Core.Evaluation;

/// <summary>
/// Tolerance to potential positives: the mean cosine similarity of pairs of distinct samples of the same class,
/// T = E_{x ≠ y, l(x) = l(y)} [ f(x)ᵀ f(y) ] on l2-normalised embeddings. Wang and Liu, "Understanding the Behaviour
/// of Contrastive Loss", CVPR 2021, arXiv:2012.09740, eq. 9 (written there as E over all pairs of
/// f(x)ᵀf(y)·I[l(x) = l(y)]; their plots, with values up to ~0.8 on 10 classes, are the same-class mean used here).
/// Higher means semantically similar samples stay closer; small temperatures lower it (more uniform, less tolerant).
/// <para>Computed in float64 in O(N·D): for each class c, Σ_{i ≠ j ∈ c} z_iᵀz_j = ||Σ_{i ∈ c} z_i||² − Σ_{i ∈ c} ||z_i||².</para>
/// </summary>
public static class Tolerance
{
    /// <param name="embeddings">(N, D) embeddings (l2-normalised here; zero rows stay zero).</param>
    /// <param name="labels">(N) integer class labels; at least one class must have two samples.</param>
    /// <returns>The mean same-class cosine similarity, in [−1, 1].</returns>
    public static double Compute(Tensor embeddings, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        if (embeddings.ndim != 2 || !embeddings.is_floating_point())
            throw new ArgumentException($"embeddings must be a floating-point (N, D) matrix, got {embeddings.dtype} [{string.Join(", ", embeddings.shape)}].", nameof(embeddings));
        if (labels.ndim != 1 || labels.shape[0] != embeddings.shape[0] || labels.is_floating_point())
            throw new ArgumentException($"labels must be (N) = ({embeddings.shape[0]}) integers, got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var z = nn.functional.normalize(embeddings.detach().to_type(ScalarType.Float64), p: 2.0, dim: 1);   // (N, D)
        var ids = labels.to_type(ScalarType.Int64);
        var (classes, inverseOrNull, countsOrNull) = unique(ids, return_inverse: true, return_counts: true);
        var inverse = inverseOrNull!;
        var counts = countsOrNull!;
        var sums = zeros(classes.shape[0], z.shape[1], dtype: ScalarType.Float64).index_add(0, inverse, z, 1.0); // (C, D)
        double same = sums.square().sum().item<double>() - z.square().sum().item<double>();
        var c = counts.to_type(ScalarType.Float64);
        double pairs = (c * (c - 1)).sum().item<double>();
        if (pairs == 0) throw new ArgumentException("No class has two samples: the tolerance is undefined.", nameof(labels));
        return same / pairs;
    }
}

using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// SimCLR's NT-Xent (normalized temperature-scaled cross-entropy) loss.
/// Chen, Kornblith, Norouzi, Hinton, "A Simple Framework for Contrastive Learning of Visual Representations",
/// ICML 2020, arXiv:2002.05709, eq. 1.
/// <para>
/// The two views z1, z2 (N, D) are stacked into 2N embeddings z_k. Row k's positive is its other view p(k)
/// (k ± N); the other 2N − 2 embeddings are its negatives, and the self-similarity is excluded:
/// ℓ_k = −log( e^{sim(z_k, z_{p(k)})/τ} / Σ_{m ≠ k} e^{sim(z_k, z_m)/τ} ),  sim = cosine (SimCLR) or the dot
/// product (<see cref="PairSimilarity.DotProduct"/>: DuoRec's <c>info_nce</c> with <c>sim = 'dot'</c> and CoSeRec's
/// <c>NCELoss</c>, which are this loss on unnormalised embeddings).
/// </para>
/// <para>
/// Normalisation: the loss is the mean of ℓ_k over all 2N rows, L = (1 / 2N) Σ_k ℓ_k, as in the paper's algorithm.
/// The official TensorFlow code returns the sum of two per-view means, which equals 2L.
/// </para>
/// </summary>
public sealed class NtXentLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Temperature τ (SimCLR's default: 0.5).</summary>
    public double Temperature { get; }

    /// <summary>sim: cosine (SimCLR) or dot product.</summary>
    public PairSimilarity Similarity { get; }

    /// <param name="temperature">τ &gt; 0, finite.</param>
    /// <param name="similarity">sim (default cosine).</param>
    public NtXentLoss(double temperature = 0.5, PairSimilarity similarity = PairSimilarity.Cosine) : base(nameof(NtXentLoss))
    {
        Similarity = similarity;
        TemperatureGuard.RequirePositive(temperature, nameof(temperature));
        Temperature = temperature;
    }

    /// <param name="z1">(N, D) first view.</param>
    /// <param name="z2">(N, D) second view, paired row by row with <paramref name="z1"/>.</param>
    /// <returns>Scalar mean loss over the 2N rows.</returns>
    public override Tensor forward(Tensor z1, Tensor z2)
    {
        EmbeddingShape.RequireSameShape(z1, nameof(z1), z2, nameof(z2));
        using var scope = NewDisposeScope();
        long n = z1.shape[0];
        var z = cat([z1, z2], 0);                                                          // (2N, D)
        var sim = Similarity == PairSimilarity.Cosine ? CosineSimilarity.Pairwise(z, z) : z.matmul(z.t());   // (2N, 2N)
        var logits = sim / Temperature;                                                    // (2N, 2N)
        var self = eye(2 * n, dtype: ScalarType.Bool, device: z.device);                   // (2N, 2N)
        logits = logits.masked_fill(self, double.NegativeInfinity);                        // exclude k = m
        var index = arange(n, dtype: ScalarType.Int64, device: z.device);                  // (N)
        var targets = cat([index + n, index], 0);                                          // (2N): p(k)
        return nn.functional.cross_entropy(logits, targets).MoveToOuterDisposeScope();
    }
}

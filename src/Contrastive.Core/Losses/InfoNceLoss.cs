using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// SimCSE's contrastive (InfoNCE) loss with in-batch negatives and optional hard negatives.
/// Gao, Yao, Chen, "SimCSE: Simple Contrastive Learning of Sentence Embeddings", EMNLP 2021, arXiv:2104.08821.
/// <para>
/// Unsupervised / in-batch (eq. 1), for anchors h_i and positives h⁺_i, i = 1..N:
/// ℓ_i = −log( e^{sim(h_i, h⁺_i)/τ} / Σ_j e^{sim(h_i, h⁺_j)/τ} ),  sim = cosine.
/// </para>
/// <para>
/// Supervised with hard negatives h⁻_i (eq. 5):
/// ℓ_i = −log( e^{sim(h_i, h⁺_i)/τ} / Σ_j ( e^{sim(h_i, h⁺_j)/τ} + e^{sim(h_i, h⁻_j)/τ} ) ).
/// Exactly as the authors' code, <see cref="HardNegativeWeight"/> w is added (after the division by τ) to the logit of
/// the anchor's own hard negative, i.e. logit (i, N + i) becomes sim(h_i, h⁻_i)/τ + w; w = 0 is eq. 5.
/// </para>
/// The loss is the cross-entropy of the (N, N) or (N, 2N) logits with target i, averaged over the N rows.
/// </summary>
public sealed class InfoNceLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Temperature τ (SimCSE: 0.05).</summary>
    public double Temperature { get; }

    /// <summary>Additive logit bonus w of each anchor's own hard negative (SimCSE code default: 0).</summary>
    public double HardNegativeWeight { get; }

    /// <param name="temperature">τ &gt; 0, finite.</param>
    /// <param name="hardNegativeWeight">w, finite; only used when hard negatives are given.</param>
    public InfoNceLoss(double temperature = 0.05, double hardNegativeWeight = 0.0) : base(nameof(InfoNceLoss))
    {
        TemperatureGuard.RequirePositive(temperature, nameof(temperature));
        if (!double.IsFinite(hardNegativeWeight))
            throw new ArgumentOutOfRangeException(nameof(hardNegativeWeight), hardNegativeWeight,
                $"The hard negative weight must be a finite number, but it is {hardNegativeWeight}.");
        Temperature = temperature;
        HardNegativeWeight = hardNegativeWeight;
    }

    /// <summary>In-batch negatives only (eq. 1).</summary>
    /// <param name="anchors">(N, D) h_i.</param>
    /// <param name="positives">(N, D) h⁺_i, paired row by row with the anchors.</param>
    /// <returns>Scalar mean loss.</returns>
    public override Tensor forward(Tensor anchors, Tensor positives) => forward(anchors, positives, null);

    /// <summary>In-batch negatives plus, when <paramref name="hardNegatives"/> is not null, hard negatives (eq. 5).</summary>
    /// <param name="anchors">(N, D) h_i.</param>
    /// <param name="positives">(N, D) h⁺_i.</param>
    /// <param name="hardNegatives">(N, D) h⁻_i, or null.</param>
    /// <returns>Scalar mean loss.</returns>
    public Tensor forward(Tensor anchors, Tensor positives, Tensor? hardNegatives)
    {
        EmbeddingShape.RequireSameShape(anchors, nameof(anchors), positives, nameof(positives));
        if (hardNegatives is not null)
            EmbeddingShape.RequireSameShape(anchors, nameof(anchors), hardNegatives, nameof(hardNegatives));

        using var scope = NewDisposeScope();
        long n = anchors.shape[0];
        var logits = CosineSimilarity.Pairwise(anchors, positives) / Temperature;                 // (N, N)
        if (hardNegatives is not null)
        {
            var hard = CosineSimilarity.Pairwise(anchors, hardNegatives) / Temperature;           // (N, N)
            if (HardNegativeWeight != 0)
                hard = hard + eye(n, dtype: hard.dtype, device: hard.device) * HardNegativeWeight;  // +w on (i, i)
            logits = cat([logits, hard], 1);                                                      // (N, 2N)
        }
        var targets = arange(n, dtype: ScalarType.Int64, device: anchors.device);                 // (N)
        return nn.functional.cross_entropy(logits, targets).MoveToOuterDisposeScope();
    }
}

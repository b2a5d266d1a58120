using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// Hard-negative-aware contrastive loss (HCL): importance-weighted, debiased negatives.
/// Robinson, Chuang, Sra, Jegelka, "Contrastive Learning with Hard Negative Samples", ICLR 2021, arXiv:2010.04592,
/// eq. 5 and the authors' <c>criterion</c> (github.com/joshr17/HCL, <c>image/main.py</c>, estimator "hard").
/// <para>
/// For an anchor with positive logit l⁺ = sim(x, x⁺)/τ and K negative logits l_k = sim(x, x⁻_k)/τ (sim = cosine):
/// importance weights w_k = e^{β l_k} / ((1/K) Σ_m e^{β l_m}) (mean 1), the reweighted negative mass
/// R = Σ_k w_k e^{l_k}, the debiased estimate Ng = max( (R − τ⁺ K e^{l⁺}) / (1 − τ⁺), K e^{−1/τ} ) and
/// ℓ = −log( e^{l⁺} / (e^{l⁺} + Ng) ). β is the concentration on hard negatives, τ⁺ the class prior of Chuang et al.
/// 2020's debiasing; the clamp is the code's "constrain" (Ng's theoretical minimum). The loss is the mean of ℓ.
/// </para>
/// <para>
/// With β = 0 and τ⁺ = 0, Ng = Σ_k e^{l_k} and ℓ is exactly InfoNCE / NT-Xent. Everything is computed in log space
/// (log-sum-exp), so τ = 0.01 (logits up to 100) does not overflow as the code's <c>exp</c> would in float32.
/// </para>
/// Two negative sets: <see cref="forward(Tensor, Tensor)"/> is SimCLR's 2N form (the authors' code; negatives are
/// the other 2N − 2 views, as <see cref="NtXentLoss"/>), <see cref="InBatch"/> is SimCSE's (the N − 1 other positives,
/// plus all N hard negatives when given, as <see cref="InfoNceLoss"/>).
/// </summary>
public sealed class HardNegativeLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Temperature τ.</summary>
    public double Temperature { get; }

    /// <summary>Concentration β ≥ 0 of the negatives' importance weights (authors' CIFAR-10 default: 1.0).</summary>
    public double Beta { get; }

    /// <summary>Positive-class prior τ⁺ in [0, 1) of the debiasing (authors' default: 0.1).</summary>
    public double TauPlus { get; }

    /// <param name="temperature">τ &gt; 0, finite.</param>
    /// <param name="beta">β ≥ 0, finite.</param>
    /// <param name="tauPlus">τ⁺ in [0, 1).</param>
    public HardNegativeLoss(double temperature = 0.5, double beta = 1.0, double tauPlus = 0.1) : base(nameof(HardNegativeLoss))
    {
        TemperatureGuard.RequirePositive(temperature, nameof(temperature));
        if (!(beta >= 0) || double.IsInfinity(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, $"beta must be a non-negative finite number, but it is {beta}.");
        if (!(tauPlus >= 0 && tauPlus < 1))
            throw new ArgumentOutOfRangeException(nameof(tauPlus), tauPlus, $"tau_plus must be in [0, 1), but it is {tauPlus}.");
        Temperature = temperature;
        Beta = beta;
        TauPlus = tauPlus;
    }

    /// <summary>SimCLR form: 2N anchors, each view's positive is its other view, negatives the other 2N − 2 views.</summary>
    /// <param name="z1">(N, D) first view.</param>
    /// <param name="z2">(N, D) second view, paired row by row.</param>
    /// <returns>Scalar mean loss over the 2N rows.</returns>
    public override Tensor forward(Tensor z1, Tensor z2)
    {
        EmbeddingShape.RequireSameShape(z1, nameof(z1), z2, nameof(z2));
        using var scope = NewDisposeScope();
        long n = z1.shape[0];
        var z = cat([z1, z2], 0);                                                          // (2N, D)
        var logits = CosineSimilarity.Pairwise(z, z) / Temperature;                        // (2N, 2N)
        var self = eye(2 * n, dtype: ScalarType.Bool, device: z.device);                   // (2N, 2N) k = m
        var partner = self.roll(n, 1);                                                     // (2N, 2N) m = p(k) = k ± N
        var positive = logits.masked_select(partner);                                      // (2N), row order
        var negativeMask = self.logical_or(partner).logical_not();                         // not self, not the positive
        var negatives = logits.masked_select(negativeMask).view(2 * n, 2 * n - 2);         // (2N, 2N − 2)
        return FromLogits(positive, negatives).MoveToOuterDisposeScope();
    }

    /// <summary>SimCSE form: anchor i's positive is positives[i]; its negatives are positives[j ≠ i] and, when
    /// <paramref name="hardNegatives"/> is given, all N hard negatives.</summary>
    /// <param name="anchors">(N, D) h_i.</param>
    /// <param name="positives">(N, D) h⁺_i.</param>
    /// <param name="hardNegatives">(N, D) h⁻_i, or null.</param>
    /// <returns>Scalar mean loss over the N anchors.</returns>
    public Tensor InBatch(Tensor anchors, Tensor positives, Tensor? hardNegatives = null)
    {
        EmbeddingShape.RequireSameShape(anchors, nameof(anchors), positives, nameof(positives));
        if (hardNegatives is not null)
            EmbeddingShape.RequireSameShape(anchors, nameof(anchors), hardNegatives, nameof(hardNegatives));
        using var scope = NewDisposeScope();
        long n = anchors.shape[0];
        var logits = CosineSimilarity.Pairwise(anchors, positives) / Temperature;          // (N, N)
        var positive = logits.diagonal();                                                  // (N)
        var offDiagonal = eye(n, dtype: ScalarType.Bool, device: anchors.device).logical_not();
        var negatives = logits.masked_select(offDiagonal).view(n, n - 1);                  // (N, N − 1)
        if (hardNegatives is not null)
            negatives = cat([negatives, CosineSimilarity.Pairwise(anchors, hardNegatives) / Temperature], 1); // (N, 2N − 1)
        return FromLogits(positive, negatives).MoveToOuterDisposeScope();
    }

    /// <summary>The loss from the logits, already divided by τ.</summary>
    /// <param name="positive">(M) l⁺ per anchor.</param>
    /// <param name="negatives">(M, K) l_k per anchor, K ≥ 1.</param>
    /// <returns>Scalar mean of ℓ over the M anchors.</returns>
    public Tensor FromLogits(Tensor positive, Tensor negatives)
    {
        if (negatives.ndim != 2 || positive.ndim != 1 || negatives.shape[0] != positive.shape[0] || negatives.shape[1] < 1)
            throw new ArgumentException($"Expected (M) positive logits and (M, K ≥ 1) negative logits, got [{string.Join(", ", positive.shape)}] and [{string.Join(", ", negatives.shape)}].");
        using var scope = NewDisposeScope();
        long k = negatives.shape[1];
        double logK = Math.Log(k);
        // log R = log Σ_k w_k e^{l_k}, log w_k = log K + log_softmax(β l)_k
        var logWeights = Beta == 0 ? zeros_like(negatives) : logK + negatives.mul(Beta).log_softmax(1);
        var logNg = (logWeights + negatives).logsumexp(1);                                // (M) log R
        if (TauPlus > 0)
        {
            // log(R − τ⁺ K e^{l⁺}) = log R + log(1 − e^{b − log R}), b = log(τ⁺ K) + l⁺; non-positive -> the clamp
            var gap = positive + Math.Log(TauPlus * k) - logNg;                            // (M)
            var valid = gap < -1e-6;
            var safeGap = gap.clamp_max(-1e-6);
            logNg = where(valid, logNg + (-safeGap.exp()).log1p(), full_like(logNg, double.NegativeInfinity))
                    - Math.Log(1 - TauPlus);
        }
        logNg = logNg.clamp_min(logK - 1 / Temperature);                                   // Ng ≥ K e^{−1/τ}
        // ℓ = −log(e^{l⁺} / (e^{l⁺} + Ng)) = softplus(log Ng − l⁺)
        return nn.functional.softplus(logNg - positive).mean().MoveToOuterDisposeScope();
    }
}

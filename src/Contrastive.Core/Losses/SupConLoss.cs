using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// Supervised contrastive loss, the L_out form (the paper's eq. 2, its recommended variant).
/// Khosla, Teterwak, Wang, Sarna, Tian, Isola, Maschinot, Liu, Krishnan, "Supervised Contrastive Learning",
/// NeurIPS 2020, arXiv:2004.11362.
/// <para>
/// For M embeddings z_i with labels y_i (every view of every sample is one row; views of one sample share its label),
/// A(i) = {a ≠ i} and P(i) = {p ∈ A(i) : y_p = y_i}:
/// ℓ_i = −(τ / τ_base) (1 / |P(i)|) Σ_{p ∈ P(i)} log( e^{sim(z_i, z_p)/τ} / Σ_{a ∈ A(i)} e^{sim(z_i, z_a)/τ} ),  sim = cosine,
/// and L is the mean of ℓ_i over the anchors with at least one positive (a row whose class has no other member is
/// only a negative for the others, as in the authors' code, where it would otherwise divide by zero).
/// </para>
/// <para>
/// Any number of positives per anchor. With exactly two rows per label and τ_base = τ this is SimCLR's NT-Xent
/// (<see cref="NtXentLoss"/>) over the same 2N rows. The (τ / τ_base) factor is the authors' code's
/// <c>temperature / base_temperature</c> (both 0.07 by default), which only rescales the loss.
/// </para>
/// </summary>
public sealed class SupConLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Temperature τ (the authors' code default: 0.07).</summary>
    public double Temperature { get; }

    /// <summary>Base temperature τ_base of the (τ / τ_base) scale (0.07).</summary>
    public double BaseTemperature { get; }

    /// <param name="temperature">τ &gt; 0, finite.</param>
    /// <param name="baseTemperature">τ_base &gt; 0, finite; null means τ_base = τ (no rescaling).</param>
    public SupConLoss(double temperature = 0.07, double? baseTemperature = 0.07) : base(nameof(SupConLoss))
    {
        Check(temperature, nameof(temperature));
        Temperature = temperature;
        BaseTemperature = baseTemperature ?? temperature;
        Check(BaseTemperature, nameof(baseTemperature));
    }

    static void Check(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"The {name} must be a positive finite number, but it is {value}.");
    }

    /// <param name="features">(M, D) embeddings, one row per view.</param>
    /// <param name="labels">(M) integer class of each row; at least one class must have two rows.</param>
    /// <returns>Scalar mean of ℓ_i over the anchors with a positive.</returns>
    public override Tensor forward(Tensor features, Tensor labels)
    {
        EmbeddingShape.Require2D(features, nameof(features));
        if (labels.ndim != 1 || labels.shape[0] != features.shape[0])
            throw new ArgumentException(
                $"The labels must be (M) = ({features.shape[0]}), but they have shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        using var scope = NewDisposeScope();
        long m = features.shape[0];
        var logits = CosineSimilarity.Pairwise(features, features) / Temperature;               // (M, M)
        var self = eye(m, dtype: ScalarType.Bool, device: features.device);                      // (M, M)
        logits = logits.masked_fill(self, double.NegativeInfinity);                              // A(i) = all but i
        var logProb = nn.functional.log_softmax(logits, 1);                                      // (M, M)
        var y = labels.to(features.device);
        var positive = y.unsqueeze(1).eq(y.unsqueeze(0)).logical_and(self.logical_not());        // (M, M) P(i)
        var count = positive.sum(1);                                                             // (M) |P(i)|
        var hasPositive = count.gt(0);
        if (!hasPositive.any().item<bool>())
            throw new ArgumentException("SupCon needs at least one label shared by two rows; every row is alone in its class.", nameof(labels));
        // Σ_{p ∈ P(i)} log prob; masked_fill first so that −∞ on the diagonal never meets a 0 weight.
        var sumLogProb = logProb.masked_fill(positive.logical_not(), 0.0).sum(1);                // (M)
        var meanLogProbPos = sumLogProb.masked_select(hasPositive) / count.masked_select(hasPositive).to(logProb.dtype);
        return (-(Temperature / BaseTemperature) * meanLogProbPos.mean()).MoveToOuterDisposeScope();
    }
}

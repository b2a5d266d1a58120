using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Evaluation;

/// <summary>
/// How strongly a contrastive loss pushes each negative away, as a function of its similarity to the anchor.
/// Wang and Liu, "Understanding the Behaviour of Contrastive Loss", CVPR 2021, arXiv:2012.09740, section 3.1: for
/// InfoNCE with anchor similarities s_k to its negatives, ∂L/∂s_k = (1/τ) P_k and the relative penalty of negative k is
/// r_k = e^{s_k/τ} / Σ_j e^{s_j/τ} (a softmax of s/τ over the negatives): small τ concentrates the gradient on the
/// hardest negatives, large τ spreads it evenly (r → 1/K).
/// <para>For Robinson et al. 2021's hard-negative loss (<see cref="Losses.HardNegativeLoss"/>, τ⁺ = 0) the reweighted
/// negative mass is Σ_k w_k e^{s_k/τ} with w_k ∝ e^{β s_k/τ}, so the relative penalty is softmax((1 + β) s/τ): β acts
/// as a lower effective temperature τ / (1 + β) on the negatives.</para>
/// Computed in float64.
/// </summary>
public static class NegativeGradientWeight
{
    /// <summary>InfoNCE's relative penalties r_k = softmax(s/τ) over the last dimension.</summary>
    /// <param name="similarities">(K) or (M, K) anchor-negative similarities.</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <returns>Same shape, float64, each row summing to 1.</returns>
    public static Tensor InfoNce(Tensor similarities, double temperature) => Hcl(similarities, temperature, 0);

    /// <summary>The hard-negative loss's relative penalties softmax((1 + β) s/τ) over the last dimension.</summary>
    /// <param name="similarities">(K) or (M, K) anchor-negative similarities.</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <param name="beta">β ≥ 0; 0 is InfoNCE.</param>
    /// <returns>Same shape, float64, each row summing to 1.</returns>
    public static Tensor Hcl(Tensor similarities, double temperature, double beta)
    {
        ArgumentNullException.ThrowIfNull(similarities);
        TemperatureGuard.RequirePositive(temperature, nameof(temperature));
        if (!(beta >= 0) || double.IsInfinity(beta))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, $"beta must be a non-negative finite number, but it is {beta}.");
        if (similarities.ndim is < 1 or > 2 || similarities.shape[^1] < 1)
            throw new ArgumentException($"Expected (K) or (M, K) similarities with K ≥ 1, got [{string.Join(", ", similarities.shape)}].", nameof(similarities));
        using var noGrad = no_grad();
        return (similarities.detach().to_type(ScalarType.Float64) * ((1 + beta) / temperature)).softmax(-1);
    }
}

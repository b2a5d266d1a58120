namespace Contrastive.Core.Momentum;

/// <summary>
/// BYOL's target-network momentum schedule (Grill et al. 2020, arXiv:2006.07733, §3.2):
/// τ_k = 1 − (1 − τ_base) (cos(π k / K) + 1) / 2, rising from τ_base at step k = 0 to 1 at the last step K.
/// </summary>
public sealed record CosineMomentumSchedule
{
    /// <summary>τ_base, BYOL's 0.996.</summary>
    public double BaseMomentum { get; }

    /// <param name="baseMomentum">τ_base in [0, 1].</param>
    public CosineMomentumSchedule(double baseMomentum = 0.996)
    {
        if (!(baseMomentum >= 0 && baseMomentum <= 1))
            throw new ArgumentOutOfRangeException(nameof(baseMomentum), baseMomentum, $"The base momentum must be in [0, 1], but it is {baseMomentum}.");
        BaseMomentum = baseMomentum;
    }

    /// <summary>τ at step <paramref name="step"/> of <paramref name="totalSteps"/> (step clamped to [0, K]).</summary>
    public double At(int step, int totalSteps)
    {
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"The number of steps must be at least 1, but it is {totalSteps}.");
        double k = Math.Clamp(step, 0, totalSteps);
        return 1 - (1 - BaseMomentum) * (Math.Cos(Math.PI * k / totalSteps) + 1) / 2;
    }
}

namespace Contrastive.Core.Evaluation;

/// <summary>
/// Options of the <see cref="LinearProbe"/>: multinomial logistic regression on standardised frozen features,
/// trained full-batch with Adam (the linear evaluation protocol of SimCLR §B.6 fits the same model; full-batch Adam on
/// standardised features converges in a few hundred steps on CPU for 60k × 512 features).
/// </summary>
public sealed record LinearProbeOptions
{
    /// <summary>Full-batch Adam steps.</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>L2 penalty λ/2 ‖W‖² added to the mean cross-entropy (not on the bias).</summary>
    public double L2 { get; init; } = 1e-4;

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public LinearProbeOptions Validate()
    {
        if (Steps < 1) throw new ContrastiveException($"The linear probe needs at least 1 step, got {Steps}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ContrastiveException($"The linear probe learning rate must be positive, got {LearningRate}.");
        if (!(L2 >= 0) || double.IsInfinity(L2)) throw new ContrastiveException($"The linear probe L2 penalty must be 0 or more, got {L2}.");
        return this;
    }
}

namespace Contrastive.Core.Training;

/// <summary>
/// The part every schedule here shares: linear warm-up <c>factor(s) = s / max(1, W)</c> for the 0-based step
/// <c>s &lt; W</c>, then a decay from 1 to 0 at the planned total <c>T</c> defined by the subclass.
/// <para>The total is planned from the epochs or <see cref="TrainingOptions.MaxSteps"/>; a
/// <see cref="TrainingOptions.TimeBudget"/> does not shorten it, so a run stopped by its budget ends with the rate
/// where the schedule had got to, not at 0 (and resuming it with a larger budget continues the same schedule).</para>
/// </summary>
public abstract record WarmupSchedule : ILearningRateSchedule
{
    public int WarmupSteps { get; }
    public int TotalSteps { get; }

    protected WarmupSchedule(int warmupSteps, int totalSteps)
    {
        if (warmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "The number of warm-up steps must be 0 or more.");
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "The total number of steps must be at least 1.");
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
    }

    /// <inheritdoc />
    public double Factor(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps) return (double)step / Math.Max(1, WarmupSteps);
        return Decay(Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps)));
    }

    /// <summary>The multiplier after warm-up at <paramref name="progress"/> in [0, 1] of the decay (1 at 0, 0 at 1).</summary>
    protected abstract double Decay(double progress);
}

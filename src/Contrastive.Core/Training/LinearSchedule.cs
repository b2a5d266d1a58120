namespace Contrastive.Core.Training;

/// <summary>
/// Linear warm-up then linear decay to 0, as Hugging Face's <c>get_linear_schedule_with_warmup</c>
/// (the Trainer's default, used by SimCSE). For the optimizer step <c>s</c> (0-based: the number of steps already
/// taken), with warm-up <c>W</c> and planned total <c>T</c>:
/// <code>factor(s) = s / max(1, W)                        if s &lt; W
///           = max(0, (T - s) / max(1, T - W))          otherwise</code>
/// The learning rate of that step is <c>LearningRate * factor(s)</c>.
/// <para>The total is planned from the epochs or <see cref="TrainingOptions.MaxSteps"/>; a
/// <see cref="TrainingOptions.TimeBudget"/> does not shorten it, so a run stopped by its budget ends with the rate
/// where the schedule had got to, not at 0 (and resuming it with a larger budget continues the same schedule).</para>
/// </summary>
public sealed record LinearSchedule : ILearningRateSchedule
{
    public int WarmupSteps { get; }
    public int TotalSteps { get; }

    public LinearSchedule(int warmupSteps, int totalSteps)
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
        return Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps));
    }
}

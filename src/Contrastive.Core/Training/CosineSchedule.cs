namespace Contrastive.Core.Training;

/// <summary>
/// Linear warm-up then half-cosine decay to 0, as Hugging Face's <c>get_cosine_schedule_with_warmup</c> (one half
/// cycle) and the cosine schedule of SimCLR (Chen et al. 2020, "decay the learning rate with the cosine decay
/// schedule without restarts"), MoCo v2, BYOL and SimSiam. For the 0-based step <c>s</c>, warm-up <c>W</c>, total <c>T</c>:
/// <code>factor(s) = s / max(1, W)                                   if s &lt; W
///           = max(0, (1 + cos(pi * (s - W) / max(1, T - W))) / 2)   otherwise</code>
/// </summary>
public sealed record CosineSchedule : ILearningRateSchedule
{
    public int WarmupSteps { get; }
    public int TotalSteps { get; }

    public CosineSchedule(int warmupSteps, int totalSteps)
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
        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        return Math.Max(0.0, 0.5 * (1.0 + Math.Cos(Math.PI * progress)));
    }
}

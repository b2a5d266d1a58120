namespace Contrastive.Core.Training;

/// <summary>
/// Linear warm-up then half-cosine decay to 0, as Hugging Face's <c>get_cosine_schedule_with_warmup</c> (one half
/// cycle) and the cosine schedule of SimCLR (Chen et al. 2020, "decay the learning rate with the cosine decay
/// schedule without restarts"), MoCo v2, BYOL and SimSiam. For the 0-based step <c>s</c>, warm-up <c>W</c>, total <c>T</c>:
/// <code>factor(s) = s / max(1, W)                                   if s &lt; W
///           = (1 + cos(pi * min(1, (s - W) / max(1, T - W)))) / 2   otherwise</code>
/// </summary>
public sealed record CosineSchedule : WarmupSchedule
{
    public CosineSchedule(int warmupSteps, int totalSteps) : base(warmupSteps, totalSteps) { }

    /// <inheritdoc />
    protected override double Decay(double progress) => 0.5 * (1.0 + Math.Cos(Math.PI * progress));
}

namespace Contrastive.Core.Training;

/// <summary>
/// Linear warm-up then linear decay to 0, as Hugging Face's <c>get_linear_schedule_with_warmup</c>
/// (the Trainer's default, used by SimCSE). For the optimizer step <c>s</c> (0-based: the number of steps already
/// taken), with warm-up <c>W</c> and planned total <c>T</c>:
/// <code>factor(s) = s / max(1, W)                        if s &lt; W
///           = max(0, (T - s) / max(1, T - W))          otherwise</code>
/// The learning rate of that step is <c>LearningRate * factor(s)</c>.
/// </summary>
public sealed record LinearSchedule : WarmupSchedule
{
    public LinearSchedule(int warmupSteps, int totalSteps) : base(warmupSteps, totalSteps) { }

    /// <inheritdoc />
    protected override double Decay(double progress) => 1.0 - progress;
}

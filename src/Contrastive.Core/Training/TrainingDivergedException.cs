namespace Contrastive.Core.Training;

/// <summary>
/// The loss (or the gradient norm) of a step was NaN or infinite. Nothing was written for that step: the
/// checkpoint named here, if any, still holds the last good state and can be resumed (e.g. with a lower rate).
/// </summary>
public sealed class TrainingDivergedException : ContrastiveException
{
    /// <summary>The 1-based step whose loss or gradient was not finite.</summary>
    public int Step { get; }

    /// <summary>The checkpoint folder of the last good state, or null when none was written yet.</summary>
    public string? LastCheckpoint { get; }

    public TrainingDivergedException(int step, string what, string? lastCheckpoint, int lastCheckpointStep)
        : base($"Training diverged at step {step}: {what}; " + (lastCheckpoint is null
              ? "no checkpoint had been written yet."
              : $"the last good checkpoint is {lastCheckpoint} (step {lastCheckpointStep})."))
    {
        Step = step;
        LastCheckpoint = lastCheckpoint;
    }
}

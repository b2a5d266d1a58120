namespace Contrastive.Core.Training;

/// <summary>
/// A learning-rate multiplier per optimizer step: the trainer uses <c>LearningRate * Factor(s)</c> for the 0-based
/// step <c>s</c>. Implementations: <see cref="LinearSchedule"/> and <see cref="CosineSchedule"/>, chosen by
/// <see cref="TrainingOptions.LrSchedule"/>.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning-rate multiplier of the 0-based optimizer step <paramref name="step"/>.</summary>
    double Factor(int step);

    /// <summary>The schedule <paramref name="kind"/> with the given warm-up over <paramref name="totalSteps"/> steps.</summary>
    static ILearningRateSchedule Create(LearningRateSchedule kind, int warmupSteps, int totalSteps) => kind switch
    {
        LearningRateSchedule.Linear => new LinearSchedule(warmupSteps, totalSteps),
        LearningRateSchedule.Cosine => new CosineSchedule(warmupSteps, totalSteps),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown learning-rate schedule."),
    };
}

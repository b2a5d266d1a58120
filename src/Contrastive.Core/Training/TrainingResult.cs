namespace Contrastive.Core.Training;

/// <summary>What a finished <see cref="Trainer{TBatch}.Run"/> did and where it wrote the models.</summary>
/// <param name="Steps">Steps completed in total (across resumes).</param>
/// <param name="TotalSteps">Planned steps.</param>
/// <param name="Epoch">Fractional epochs completed.</param>
/// <param name="StoppedByTimeBudget">True when the time budget ended training before <paramref name="TotalSteps"/>.</param>
/// <param name="Elapsed">Training time, counted across resumes.</param>
/// <param name="BestMetric">Best value of the metric for the best model, or null when none was evaluated.</param>
/// <param name="BestStep">Step of <paramref name="BestMetric"/>, or null.</param>
/// <param name="Evaluations">Every evaluation, in order.</param>
/// <param name="Losses">The loss and learning rate of every step, in order.</param>
/// <param name="CheckpointDir">The last checkpoint (resumable).</param>
/// <param name="BestDir">The best model (the final one when nothing selected a best).</param>
/// <param name="FinalDir">The model after the last step.</param>
public sealed record TrainingResult(int Steps, int TotalSteps, double Epoch, bool StoppedByTimeBudget, TimeSpan Elapsed,
                                    double? BestMetric, int? BestStep,
                                    IReadOnlyList<EvaluationRecord> Evaluations, IReadOnlyList<LossRecord> Losses,
                                    string CheckpointDir, string BestDir, string FinalDir)
{
    /// <summary>The run stopped because <see cref="TrainingOptions.EarlyStoppingPatience"/> evaluations in a row did not
    /// improve the best metric.</summary>
    public bool StoppedEarly { get; init; }
}

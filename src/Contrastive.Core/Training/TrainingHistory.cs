namespace Contrastive.Core.Training;

/// <summary>
/// A training run's record so far, handed to <see cref="ITrainingObserver.OnHistory"/> and
/// <see cref="ITrainingObserver.OnTrainingEnd"/> (e.g. to draw plots next to the models).
/// </summary>
/// <param name="OutputDir">The run's output folder (<see cref="TrainingOptions.OutputDir"/>).</param>
/// <param name="Losses">One record per step, in step order (a live view: copy it to keep it).</param>
/// <param name="Evaluations">One record per evaluation, in step order (a live view: copy it to keep it).</param>
/// <param name="MetricForBestModel"><see cref="TrainingOptions.MetricForBestModel"/>, or null.</param>
public sealed record TrainingHistory(string OutputDir, IReadOnlyList<LossRecord> Losses, IReadOnlyList<EvaluationRecord> Evaluations,
                                     string? MetricForBestModel);

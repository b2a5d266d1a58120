using Contrastive.Core.Training;
using Contrastive.Sequences.Evaluation;

namespace Contrastive.Sequences.Training;

/// <summary>What a <see cref="SeqRecTraining.Run"/> did.</summary>
/// <param name="Training">The trainer's result (steps, time, best validation NDCG@10, folders).</param>
/// <param name="Report">Validation and test metrics of the best model.</param>
/// <param name="SecondsPerEpoch">Training wall-clock per epoch in this process, evaluations excluded.</param>
/// <param name="TrainingTargets">Next-item targets per epoch.</param>
public sealed record SeqRecTrainingRun(TrainingResult Training, LeaveOneOutReport Report, double SecondsPerEpoch, long TrainingTargets);

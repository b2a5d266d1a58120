namespace Contrastive.Core.Training;

/// <summary>The loss of one optimizer step and the learning rate it used (for plots of the training curve).</summary>
public sealed record LossRecord(int Step, double Loss, double LearningRate);

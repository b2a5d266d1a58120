namespace Contrastive.Core.Evaluation;

/// <summary>Accuracies of a <see cref="LinearProbe"/> on its training features and on the test features.</summary>
public sealed record LinearProbeResult(double TrainAccuracy, double TestAccuracy);

namespace Contrastive.Core.Training;

/// <summary>The metrics of the evaluation after <paramref name="Step"/> steps.</summary>
public sealed record EvaluationRecord(int Step, IReadOnlyDictionary<string, double> Metrics);

namespace Contrastive.Text.Evaluation;

/// <summary>Correlations (x 100) between cosine similarity and gold score over one subset, e.g. STS12/MSRpar.</summary>
public sealed record StsSubsetResult(string Name, int PairCount, double Spearman, double Pearson);

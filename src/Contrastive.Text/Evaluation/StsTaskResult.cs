namespace Contrastive.Text.Evaluation;

/// <summary>
/// One task's scores, all x 100. <see cref="Spearman"/> is SimCSE's table number: one Spearman over the pairs of every
/// subset concatenated ("all" in SimCSE's SentEval fork). <see cref="WeightedMeanSpearman"/> is the subsets' Spearmans
/// weighted by their pair counts (SentEval's "wmean"). For one-subset tasks (STS-B, SICK) the two are equal.
/// </summary>
public sealed record StsTaskResult(
    string Name,
    double Spearman,
    double WeightedMeanSpearman,
    double Pearson,
    int PairCount,
    IReadOnlyList<StsSubsetResult> Subsets);

namespace Contrastive.Core.Evaluation;

/// <summary>
/// Top-k metrics of single-target rankings (leave-one-out next-item evaluation), as RecBole's <c>hit@k</c> and
/// <c>ndcg@k</c>. A case is summarised by the 0-based rank r of its target among all candidates:
/// <c>HR@k = mean 1[r &lt; k]</c> and, with one relevant item (ideal DCG = 1),
/// <c>NDCG@k = mean 1[r &lt; k] / log2(r + 2)</c> (Järvelin and Kekäläinen 2002).
/// </summary>
public static class RankingMetrics
{
    /// <summary>The cut-offs reported by default: 5, 10, 20.</summary>
    public static readonly IReadOnlyList<int> DefaultCutoffs = [5, 10, 20];

    /// <summary>The 0-based rank of <paramref name="target"/>: the number of candidates scoring strictly higher
    /// (ties are resolved in the target's favour).</summary>
    public static int Rank(ReadOnlySpan<float> scores, int target)
    {
        if ((uint)target >= (uint)scores.Length) throw new ArgumentOutOfRangeException(nameof(target), target, $"The target must be a candidate index in [0, {scores.Length}).");
        float s = scores[target];
        int rank = 0;
        foreach (var x in scores) if (x > s) rank++;
        return rank;
    }

    /// <summary>HR@k: the fraction of cases whose target ranks in the top k.</summary>
    public static double HitRate(IReadOnlyList<int> ranks, int k) => Mean(ranks, k, r => 1.0);

    /// <summary>NDCG@k with one relevant item per case: mean of 1 / log2(r + 2) over the cases with r &lt; k.</summary>
    public static double Ndcg(IReadOnlyList<int> ranks, int k) => Mean(ranks, k, r => 1.0 / Math.Log2(r + 2));

    /// <summary>RecBole's metric names: <c>hit@k</c> and <c>ndcg@k</c> for each cut-off.</summary>
    public static IReadOnlyDictionary<string, double> Compute(IReadOnlyList<int> ranks, IReadOnlyList<int>? cutoffs = null)
    {
        var metrics = new Dictionary<string, double>();
        foreach (int k in cutoffs ?? DefaultCutoffs)
        {
            metrics[$"hit@{k}"] = HitRate(ranks, k);
            metrics[$"ndcg@{k}"] = Ndcg(ranks, k);
        }
        return metrics;
    }

    static double Mean(IReadOnlyList<int> ranks, int k, Func<int, double> gain)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, $"The cut-off k must be at least 1, got {k}.");
        if (ranks.Count == 0) throw new ArgumentException("No ranking to evaluate.", nameof(ranks));
        double sum = 0;
        foreach (int r in ranks)
        {
            if (r < 0) throw new ArgumentOutOfRangeException(nameof(ranks), r, $"Ranks are 0-based and non-negative, got {r}.");
            if (r < k) sum += gain(r);
        }
        return sum / ranks.Count;
    }
}

using Contrastive.Core.Evaluation;

namespace Contrastive.Core.Tests.Evaluation;

public class RankingMetricsTests
{
    [Fact]
    public void HitRateAndNdcg_HandMadeRanks_MatchTheDefinitions()
    {
        // Targets ranked 1st, 3rd, 7th and 15th (0-based ranks 0, 2, 6, 14).
        int[] ranks = [0, 2, 6, 14];
        Assert.Equal(0.50, RankingMetrics.HitRate(ranks, 5), 12);
        Assert.Equal(0.75, RankingMetrics.HitRate(ranks, 10), 12);
        Assert.Equal(1.00, RankingMetrics.HitRate(ranks, 20), 12);
        Assert.Equal((1.0 + 1.0 / Math.Log2(4)) / 4, RankingMetrics.Ndcg(ranks, 5), 12);                       // 0.375
        Assert.Equal((1.0 + 0.5 + 1.0 / Math.Log2(8)) / 4, RankingMetrics.Ndcg(ranks, 10), 12);
        Assert.Equal((1.0 + 0.5 + 1.0 / 3 + 0.25) / 4, RankingMetrics.Ndcg(ranks, 20), 12);
    }

    [Fact]
    public void Compute_UsesRecBoleNames()
    {
        var metrics = RankingMetrics.Compute([0, 9, 10]);
        Assert.Equal(["hit@5", "ndcg@5", "hit@10", "ndcg@10", "hit@20", "ndcg@20"], metrics.Keys);
        Assert.Equal(2.0 / 3, metrics["hit@10"], 12);
        Assert.Equal((1.0 + 1.0 / Math.Log2(11)) / 3, metrics["ndcg@10"], 12);
    }

    [Fact]
    public void Rank_CountsStrictlyHigherScores()
    {
        float[] scores = [0.1f, 0.9f, 0.5f, 0.5f, 0.7f];
        Assert.Equal(2, RankingMetrics.Rank(scores, 2));       // 0.9 and 0.7 are higher; the tie 0.5 is not
        Assert.Equal(0, RankingMetrics.Rank(scores, 1));
        Assert.Equal(4, RankingMetrics.Rank(scores, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Rank(scores, 5));
    }

    [Fact]
    public void HitRate_BadInput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.HitRate([1], 0));
        Assert.Throws<ArgumentException>(() => RankingMetrics.Ndcg([], 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Ndcg([-1], 10));
    }
}

using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests;

public class ParaphraseMiningTests
{
    /// <summary>Rows 0/3 nearly equal, 1/4 close, 2 apart from everyone.</summary>
    static Tensor HandMade() => tensor(new float[,]
    {
        { 1, 0, 0 },
        { 0, 1, 0 },
        { 0, 0, 1 },
        { 0.99f, 0.1f, 0 },
        { 0.2f, 0.9f, 0.1f },
    });

    [Fact]
    public void Mine_HandMadeCase_PairsBestFirstWithLowerIndexFirst()
    {
        using var scope = NewDisposeScope();

        var pairs = ParaphraseMining.Mine(HandMade(), topK: 1);

        // Each row's best other row: 0-3, 1-4, 2-4 (its largest cosine), 3-0, 4-1; deduplicated.
        Assert.Equal([(0, 3), (1, 4), (2, 4)], pairs.Select(p => (p.First, p.Second)));
        Assert.Equal(0.99 / Math.Sqrt(0.99 * 0.99 + 0.01), pairs[0].Score, 1e-5);
        Assert.True(pairs[0].Score > pairs[1].Score && pairs[1].Score > pairs[2].Score);
    }

    [Theory]
    [InlineData(5000, 100_000)]
    [InlineData(2, 3)]
    public void Mine_AllPairs_EqualsSortedUpperTriangleOfCosines(int queryChunk, int corpusChunk)
    {
        using var scope = NewDisposeScope();
        var e = randn(12, 6, generator: new Generator(5, CPU));
        var cos = nn.functional.normalize(e, p: 2, dim: 1).matmul(nn.functional.normalize(e, p: 2, dim: 1).t());

        var pairs = ParaphraseMining.Mine(e, topK: 11, maxPairs: 20, queryChunk, corpusChunk);

        var expected = (from i in Enumerable.Range(0, 12) from j in Enumerable.Range(i + 1, 11 - i) select (i, j, s: cos[i, j].item<float>()))
            .OrderByDescending(p => p.s).Take(20).ToArray();
        Assert.Equal(20, pairs.Count);
        for (int p = 0; p < 20; p++)
        {
            Assert.Equal(expected[p].s, pairs[p].Score, 1e-5);
            Assert.True(pairs[p].First < pairs[p].Second);
            Assert.Equal(cos[pairs[p].First, pairs[p].Second].item<float>(), pairs[p].Score, 1e-5);
        }
    }
}

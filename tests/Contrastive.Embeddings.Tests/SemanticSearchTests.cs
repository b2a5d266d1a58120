using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests;

public class SemanticSearchTests
{
    static Tensor Random(int rows, int dim, int seed) => randn(rows, dim, generator: new Generator((ulong)seed, CPU));

    [Theory]
    [InlineData(1, 1000, 1)]
    [InlineData(3, 7, 5)]
    [InlineData(100, 500_000, 10)]
    [InlineData(4, 13, 200)]   // top-k larger than the corpus
    public void Search_AnyChunking_EqualsFullSortOfCosines(int queryChunk, int corpusChunk, int k)
    {
        using var scope = NewDisposeScope();
        var corpus = Random(150, 12, seed: 1) * 3;   // not unit: the score is still the cosine
        var queries = Random(9, 12, seed: 2);

        var hits = SemanticSearch.Search(queries, corpus, k, queryChunk, corpusChunk);

        var cos = nn.functional.normalize(queries, p: 2, dim: 1).matmul(nn.functional.normalize(corpus, p: 2, dim: 1).t());
        Assert.Equal(9, hits.Count);
        for (int i = 0; i < 9; i++)
        {
            var row = cos[i].data<float>().ToArray();
            var expected = row.Select((s, j) => (j, s)).OrderByDescending(p => p.s).Take(k).ToArray();
            Assert.Equal(expected.Length, hits[i].Count);
            for (int j = 0; j < expected.Length; j++)
            {
                Assert.Equal(expected[j].s, hits[i][j].Score, 1e-5);
                Assert.Equal(row[hits[i][j].CorpusId], hits[i][j].Score, 1e-5);
            }
            Assert.Equal(hits[i].Count, hits[i].Select(h => h.CorpusId).Distinct().Count());
        }
    }

    [Fact]
    public void Search_SingleQueryVector_GivesOneList()
    {
        using var scope = NewDisposeScope();
        var corpus = Random(20, 4, seed: 3);

        var hits = SemanticSearch.Search(corpus[6], corpus, topK: 2);

        Assert.Equal(6, Assert.Single(hits)[0].CorpusId);
        Assert.Equal(1.0, hits[0][0].Score, 1e-5);
    }

    [Fact]
    public void Search_BadShapes_ThrowNamingThem()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("[3, 5]", Assert.Throws<ArgumentException>(() => SemanticSearch.Search(zeros(3, 5), zeros(4, 6))).Message);
        Assert.Throws<ArgumentException>(() => SemanticSearch.Search(zeros(3, 6), zeros(6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SemanticSearch.Search(zeros(3, 6), zeros(4, 6), topK: 0));
    }
}

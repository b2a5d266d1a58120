using Contrastive.Embeddings.Quantization;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Quantization;

public class QuantizedIndexTests
{
    const int D = 64, K = 10;

    static double Recall(IReadOnlyList<IReadOnlyList<CorpusHit>> approx, IReadOnlyList<IReadOnlyList<CorpusHit>> exact) =>
        approx.Zip(exact, (a, e) => a.Count(h => e.Select(x => x.CorpusId).Contains(h.CorpusId)) / (double)e.Count).Average();

    static (Tensor Corpus, Tensor Queries, IReadOnlyList<IReadOnlyList<CorpusHit>> Exact) Data(int dim = D)
    {
        var (corpus, centres) = ClusteredVectors.Make(3000, dim, clusters: 30, sigma: 0.12, seed: 1);
        var queries = nn.functional.normalize(centres + 0.12 * randn(30, dim, generator: new Generator(2, CPU)), p: 2, dim: 1);
        return (corpus, queries, SemanticSearch.Search(queries, corpus, K));
    }

    [Theory]
    [InlineData(QuantizationPrecision.Int8, 64, 0.9)]
    [InlineData(QuantizationPrecision.UBinary, 256, 0.45)]   // one bit a dimension needs more dimensions
    public void Search_Rescoring_RecoversMoreOfTheFloatTop10ThanCodesAlone(QuantizationPrecision precision, int dim, double minRescoredRecall)
    {
        using var scope = NewDisposeScope();
        var (corpus, queries, exact) = Data(dim);
        using var index = new QuantizedIndex(corpus, precision);

        double plain = Recall(index.Search(queries, K, rescore: false), exact);
        double rescored = Recall(index.Search(queries, K, rescoreMultiplier: 4), exact);

        Assert.True(rescored >= minRescoredRecall, $"{precision}: recall@10 with rescoring is {rescored:F3} (codes alone {plain:F3})");
        Assert.True(rescored > plain, $"{precision}: rescoring ({rescored:F3}) should beat the codes alone ({plain:F3})");
    }

    [Fact]
    public void Search_Int8Rescored_ScoresApproximateCosines()
    {
        using var scope = NewDisposeScope();
        var (corpus, queries, _) = Data();
        using var index = new QuantizedIndex(corpus, QuantizationPrecision.Int8);

        var hits = index.Search(queries, K);

        var cos = queries.matmul(corpus.t());
        foreach (var (list, i) in hits.Select((l, i) => (l, i)))
        {
            Assert.Equal(K, list.Count);
            foreach (var h in list) Assert.Equal(cos[i, h.CorpusId].item<float>(), h.Score, 0.02);
            Assert.True(list.Zip(list.Skip(1), (a, b) => a.Score >= b.Score).All(ok => ok));
        }
    }

    [Fact]
    public void Search_BinaryWithoutRescoring_ScoresAreMinusHamming()
    {
        using var scope = NewDisposeScope();
        var (corpus, queries, _) = Data();
        using var index = new QuantizedIndex(corpus, QuantizationPrecision.UBinary);

        var hits = index.Search(queries.narrow(0, 0, 1), 5, rescore: false)[0];

        var q = BinaryCodes.Pack(queries.narrow(0, 0, 1)).data<byte>().ToArray();
        var codes = BinaryCodes.Pack(corpus);
        foreach (var h in hits)
            Assert.Equal(-BinaryCodes.Hamming(q, codes[h.CorpusId].data<byte>().ToArray()), h.Score);
        Assert.Equal(3000L * D / 8, index.CodeBytes);
    }

    [Fact]
    public void Constructor_And_Search_BadArguments_Throw()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => new QuantizedIndex(zeros(0, 4), QuantizationPrecision.Int8));
        using var index = new QuantizedIndex(randn(10, 4), QuantizationPrecision.Int8);
        Assert.Throws<ArgumentException>(() => index.Search(zeros(1, 5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(zeros(1, 4), rescoreMultiplier: 0.5));
    }
}

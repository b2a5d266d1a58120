using Contrastive.Core.Similarity;
using Contrastive.Core.Tests.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Similarity;

public class CosineSimilarityTests
{
    private static Tensor Random(long n, long d, long seed) =>
        randn(n, d, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));

    [Fact]
    public void Pairwise_Random_MatchesLoop()
    {
        using var scope = NewDisposeScope();
        var a = Random(5, 7, 41);
        var b = Random(3, 7, 42);
        var s = CosineSimilarity.Pairwise(a, b);
        Assert.Equal(new long[] { 5, 3 }, s.shape);
        var rowsA = ReferenceLosses.Rows(a);
        var rowsB = ReferenceLosses.Rows(b);
        var got = ReferenceLosses.Rows(s);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(ReferenceLosses.Cosine(rowsA[i], rowsB[j]), got[i][j], 1e-10);
    }

    [Fact]
    public void Pairwise_Float32_KeepsDtypeAndMatchesLoop()
    {
        using var scope = NewDisposeScope();
        var a = randn(4, 6, generator: new Generator(43));
        var s = CosineSimilarity.Pairwise(a, a);
        Assert.Equal(ScalarType.Float32, s.dtype);
        var rows = ReferenceLosses.Rows(a);
        var got = ReferenceLosses.Rows(s);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal(ReferenceLosses.Cosine(rows[i], rows[j]), got[i][j], 1e-6);
    }

    [Fact]
    public void Pairwise_ZeroVector_GivesZeroSimilarityAndFiniteGradient()
    {
        using var scope = NewDisposeScope();
        var a = cat([zeros(1, 4, dtype: ScalarType.Float64), Random(2, 4, 44)], 0).requires_grad_();
        var s = CosineSimilarity.Pairwise(a, a);
        Assert.True(s.isfinite().all().item<bool>());
        Assert.Equal(0.0, s[0].abs().sum().item<double>());
        s.sum().backward();
        Assert.True(a.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void Rowwise_Random_MatchesLoop()
    {
        using var scope = NewDisposeScope();
        var a = Random(6, 5, 45);
        var b = Random(6, 5, 46);
        var s = CosineSimilarity.Rowwise(a, b);
        Assert.Equal(new long[] { 6 }, s.shape);
        var rowsA = ReferenceLosses.Rows(a);
        var rowsB = ReferenceLosses.Rows(b);
        var got = s.data<double>().ToArray();
        for (int i = 0; i < 6; i++)
            Assert.Equal(ReferenceLosses.Cosine(rowsA[i], rowsB[i]), got[i], 1e-10);
    }

    [Fact]
    public void Pairwise_DifferentWidths_ThrowsNamingShapes()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => CosineSimilarity.Pairwise(zeros(2, 3), zeros(2, 4)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[2, 4]", ex.Message);
    }

    [Fact]
    public void Pairwise_NonPositiveEps_Throws()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => CosineSimilarity.Pairwise(zeros(2, 3), zeros(2, 3), eps: 0));
    }
}

using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class NtXentLossTests
{
    private static Tensor Random(long n, long d, long seed) =>
        randn(n, d, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    public void Forward_Random_MatchesReference(double tau)
    {
        using var scope = NewDisposeScope();
        var z1 = Random(7, 10, 21);
        var z2 = Random(7, 10, 22);
        using var loss = new NtXentLoss(tau);
        double expected = ReferenceLosses.NtXent(ReferenceLosses.Rows(z1), ReferenceLosses.Rows(z2), tau);
        Assert.Equal(expected, loss.forward(z1, z2).item<double>(), 1e-5);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void Forward_DotProduct_MatchesReference(double tau)
    {
        using var scope = NewDisposeScope();
        var z1 = Random(6, 8, 31);
        var z2 = Random(6, 8, 32);
        using var loss = new NtXentLoss(tau, Contrastive.Core.Similarity.PairSimilarity.DotProduct);
        double expected = ReferenceLosses.NtXent(ReferenceLosses.Rows(z1), ReferenceLosses.Rows(z2), tau, dot: true);
        Assert.Equal(expected, loss.forward(z1, z2).item<double>(), 1e-8);
    }

    [Fact]
    public void Forward_DotProductOrthogonalPairs_EqualsLogOnePlusTwoExpMinusASquaredOverTau()
    {
        // z1 = z2 = rows a e_1, a e_2: each row's positive scores a^2 / tau, its 2 negatives 0 (orthogonal):
        // l = -log(e^{a^2/tau} / (e^{a^2/tau} + 2)) = log(1 + 2 e^{-a^2/tau}). Cosine would give log(1 + 2 e^{-1/tau}).
        using var scope = NewDisposeScope();
        const double a = 2, tau = 1.5;
        var z = tensor(new double[] { a, 0, 0, a }, [2, 2]);
        using var dot = new NtXentLoss(tau, Contrastive.Core.Similarity.PairSimilarity.DotProduct);
        using var cosine = new NtXentLoss(tau);
        Assert.Equal(Math.Log(1 + 2 * Math.Exp(-a * a / tau)), dot.forward(z, z.clone()).item<double>(), 1e-10);
        Assert.Equal(Math.Log(1 + 2 * Math.Exp(-1 / tau)), cosine.forward(z, z.clone()).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_AllEmbeddingsIdentical_EqualsMinusLogOneOverTwoNMinusOne()
    {
        // Self excluded, 2N − 1 equal logits per row: ℓ = −log(1 / (2N − 1)).
        const int n = 5;
        using var scope = NewDisposeScope();
        var x = ones(n, 3, dtype: ScalarType.Float64);
        using var loss = new NtXentLoss();
        Assert.Equal(-Math.Log(1.0 / (2 * n - 1)), loss.forward(x, x.clone()).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_ViewsSwapped_SameLoss()
    {
        using var scope = NewDisposeScope();
        var z1 = Random(5, 6, 23);
        var z2 = Random(5, 6, 24);
        using var loss = new NtXentLoss();
        Assert.Equal(loss.forward(z1, z2).item<double>(), loss.forward(z2, z1).item<double>(), 1e-12);
    }

    [Fact]
    public void Backward_BothViews_ReceiveFiniteNonZeroGradient()
    {
        using var scope = NewDisposeScope();
        var z1 = Random(4, 6, 25).requires_grad_();
        var z2 = Random(4, 6, 26).requires_grad_();
        using var loss = new NtXentLoss();
        loss.forward(z1, z2).backward();
        foreach (var t in new[] { z1, z2 })
        {
            Assert.NotNull(t.grad);
            Assert.True(t.grad!.isfinite().all().item<bool>());
            Assert.True(t.grad.abs().sum().item<double>() > 0);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Constructor_BadTemperature_Throws(double tau) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NtXentLoss(tau));

    [Fact]
    public void Forward_MismatchedShapes_ThrowsNamingShapes()
    {
        using var scope = NewDisposeScope();
        using var loss = new NtXentLoss();
        var ex = Assert.Throws<ArgumentException>(() => loss.forward(zeros(4, 8), zeros(4, 9)));
        Assert.Contains("[4, 8]", ex.Message);
        Assert.Contains("[4, 9]", ex.Message);
    }
}

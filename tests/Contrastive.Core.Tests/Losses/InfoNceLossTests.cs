using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class InfoNceLossTests
{
    private static Tensor Random(long n, long d, long seed, ScalarType dtype = ScalarType.Float64)
    {
        var generator = new Generator((ulong)seed);
        return randn(n, d, dtype: dtype, generator: generator);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.5)]
    public void Forward_InBatchRandom_MatchesReference(double tau)
    {
        using var scope = NewDisposeScope();
        var a = Random(8, 16, 1);
        var p = Random(8, 16, 2);
        using var loss = new InfoNceLoss(tau);
        double expected = ReferenceLosses.InfoNce(ReferenceLosses.Rows(a), ReferenceLosses.Rows(p), null, tau, 0);
        Assert.Equal(expected, loss.forward(a, p).item<double>(), 1e-5);
    }

    [Fact]
    public void Forward_Float32Random_MatchesReference()
    {
        using var scope = NewDisposeScope();
        var a = Random(8, 16, 3, ScalarType.Float32);
        var p = Random(8, 16, 4, ScalarType.Float32);
        using var loss = new InfoNceLoss();
        var value = loss.forward(a, p);
        Assert.Equal(ScalarType.Float32, value.dtype);
        double expected = ReferenceLosses.InfoNce(ReferenceLosses.Rows(a), ReferenceLosses.Rows(p), null, 0.05, 0);
        Assert.Equal(expected, value.item<float>(), 1e-5 * Math.Max(1, Math.Abs(expected)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.7)]
    public void Forward_HardNegativesWithWeight_MatchesReference(double weight)
    {
        using var scope = NewDisposeScope();
        var a = Random(6, 12, 5);
        var p = Random(6, 12, 6);
        var h = Random(6, 12, 7);
        using var loss = new InfoNceLoss(0.05, weight);
        double expected = ReferenceLosses.InfoNce(
            ReferenceLosses.Rows(a), ReferenceLosses.Rows(p), ReferenceLosses.Rows(h), 0.05, weight);
        Assert.Equal(expected, loss.forward(a, p, h).item<double>(), 1e-5);
    }

    [Fact]
    public void Forward_OrthogonalIdenticalRows_EqualsLogOnePlusNMinusOneExpMinusInverseTau()
    {
        // anchors = positives = the N standard basis vectors: logit (i, i) = 1/τ, (i, j≠i) = 0, so
        // ℓ_i = −log(e^{1/τ} / (e^{1/τ} + (N − 1))) = log(1 + (N − 1) e^{−1/τ}).
        const int n = 5;
        const double tau = 0.5;
        using var scope = NewDisposeScope();
        var e = eye(n, 7, dtype: ScalarType.Float64);
        using var loss = new InfoNceLoss(tau);
        Assert.Equal(Math.Log(1 + (n - 1) * Math.Exp(-1 / tau)), loss.forward(e, e.clone()).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_AllRowsIdentical_EqualsLogN()
    {
        // Every logit is 1/τ: the softmax is uniform over N columns.
        const int n = 6;
        using var scope = NewDisposeScope();
        var x = ones(n, 4, dtype: ScalarType.Float64) * 0.3;
        using var loss = new InfoNceLoss();
        Assert.Equal(Math.Log(n), loss.forward(x, x.clone()).item<double>(), 1e-10);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.0)]
    public void Forward_AllRowsIdenticalWithHardNegatives_EqualsLogTwoNMinusOnePlusExpWeight(double weight)
    {
        // 2N equal logits s, one raised to s + w: ℓ = −log(e^s / ((2N − 1) e^s + e^{s+w})) = log(2N − 1 + e^w).
        const int n = 4;
        using var scope = NewDisposeScope();
        var x = ones(n, 3, dtype: ScalarType.Float64);
        using var loss = new InfoNceLoss(0.05, weight);
        Assert.Equal(Math.Log(2 * n - 1 + Math.Exp(weight)), loss.forward(x, x.clone(), x.clone()).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_PositiveHardNegativeWeight_IncreasesLoss()
    {
        using var scope = NewDisposeScope();
        var a = Random(6, 12, 8);
        var p = Random(6, 12, 9);
        var h = Random(6, 12, 10);
        using var plain = new InfoNceLoss(0.05, 0.0);
        using var weighted = new InfoNceLoss(0.05, 1.0);
        Assert.True(weighted.forward(a, p, h).item<double>() > plain.forward(a, p, h).item<double>());
    }

    [Fact]
    public void Backward_Anchors_GradientMatchesFiniteDifferencesOfReference()
    {
        const double tau = 0.1, h = 1e-6;
        using var scope = NewDisposeScope();
        var a = Random(4, 5, 11).requires_grad_();
        var p = Random(4, 5, 12);
        using var loss = new InfoNceLoss(tau);
        loss.forward(a, p).backward();
        Assert.NotNull(a.grad);
        var grad = ReferenceLosses.Rows(a.grad!);
        var rows = ReferenceLosses.Rows(a);
        var positives = ReferenceLosses.Rows(p);
        Assert.Contains(grad.SelectMany(r => r), g => Math.Abs(g) > 1e-3);
        for (int i = 0; i < rows.Length; i++)
            for (int k = 0; k < rows[i].Length; k++)
            {
                double saved = rows[i][k];
                rows[i][k] = saved + h;
                double up = ReferenceLosses.InfoNce(rows, positives, null, tau, 0);
                rows[i][k] = saved - h;
                double down = ReferenceLosses.InfoNce(rows, positives, null, tau, 0);
                rows[i][k] = saved;
                Assert.Equal((up - down) / (2 * h), grad[i][k], 1e-5);
            }
    }

    [Fact]
    public void Backward_HardNegatives_GradientReachesAllThreeInputs()
    {
        using var scope = NewDisposeScope();
        var a = Random(4, 5, 13).requires_grad_();
        var p = Random(4, 5, 14).requires_grad_();
        var h = Random(4, 5, 15).requires_grad_();
        using var loss = new InfoNceLoss(0.05, 1.0);
        loss.forward(a, p, h).backward();
        foreach (var t in new[] { a, p, h })
            Assert.True(t.grad is not null && t.grad.abs().sum().item<double>() > 0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadTemperature_Throws(double tau) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new InfoNceLoss(tau));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Constructor_NonFiniteHardNegativeWeight_Throws(double weight) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new InfoNceLoss(0.05, weight));

    [Fact]
    public void Forward_MismatchedBatch_ThrowsNamingShapes()
    {
        using var scope = NewDisposeScope();
        using var loss = new InfoNceLoss();
        var ex = Assert.Throws<ArgumentException>(() => loss.forward(zeros(4, 8), zeros(5, 8)));
        Assert.Contains("[4, 8]", ex.Message);
        Assert.Contains("[5, 8]", ex.Message);
    }

    [Fact]
    public void Forward_MismatchedHardNegativeWidth_ThrowsNamingShapes()
    {
        using var scope = NewDisposeScope();
        using var loss = new InfoNceLoss();
        var ex = Assert.Throws<ArgumentException>(() => loss.forward(zeros(4, 8), zeros(4, 8), zeros(4, 6)));
        Assert.Contains("hardNegatives", ex.Message);
        Assert.Contains("[4, 6]", ex.Message);
    }

    [Fact]
    public void Forward_ThreeDimensionalInput_Throws()
    {
        using var scope = NewDisposeScope();
        using var loss = new InfoNceLoss();
        var ex = Assert.Throws<ArgumentException>(() => loss.forward(zeros(2, 4, 8), zeros(2, 4, 8)));
        Assert.Contains("[2, 4, 8]", ex.Message);
    }
}

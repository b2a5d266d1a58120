using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class HardNegativeLossTests
{
    private static Tensor Random(long n, long d, long seed) =>
        randn(n, d, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));

    /// <summary>The authors' criterion, one anchor at a time, with plain exponentials (float64, τ ≥ 0.1).</summary>
    private static double Reference(double positive, IReadOnlyList<double> negatives, double tau, double beta, double tauPlus)
    {
        int k = negatives.Count;
        double pos = Math.Exp(positive / tau), importanceSum = 0, weighted = 0;
        foreach (var s in negatives)
        {
            double neg = Math.Exp(s / tau), imp = Math.Exp(beta * Math.Log(neg));
            importanceSum += imp;
            weighted += imp * neg;
        }
        double reweight = weighted / (importanceSum / k);
        double ng = Math.Max((-tauPlus * k * pos + reweight) / (1 - tauPlus), k * Math.Exp(-1 / tau));
        return -Math.Log(pos / (pos + ng));
    }

    private static double SimClrReference(double[][] z1, double[][] z2, double tau, double beta, double tauPlus)
    {
        int n = z1.Length;
        var z = z1.Concat(z2).ToArray();
        double total = 0;
        for (int a = 0; a < 2 * n; a++)
        {
            int p = a < n ? a + n : a - n;
            var negatives = Enumerable.Range(0, 2 * n).Where(m => m != a && m != p).Select(m => ReferenceLosses.Cosine(z[a], z[m])).ToList();
            total += Reference(ReferenceLosses.Cosine(z[a], z[p]), negatives, tau, beta, tauPlus);
        }
        return total / (2 * n);
    }

    private static double SimCseReference(double[][] anchors, double[][] positives, double[][]? hard, double tau, double beta, double tauPlus)
    {
        int n = anchors.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var negatives = Enumerable.Range(0, n).Where(j => j != i).Select(j => ReferenceLosses.Cosine(anchors[i], positives[j])).ToList();
            if (hard is not null) negatives.AddRange(hard.Select(h => ReferenceLosses.Cosine(anchors[i], h)));
            total += Reference(ReferenceLosses.Cosine(anchors[i], positives[i]), negatives, tau, beta, tauPlus);
        }
        return total / n;
    }

    [Theory]
    [InlineData(0.5, 1.0, 0.1)]
    [InlineData(0.2, 0.5, 0.0)]
    [InlineData(0.1, 2.0, 0.3)]
    [InlineData(0.5, 0.0, 0.1)]
    public void Forward_Random_MatchesSlowReference(double tau, double beta, double tauPlus)
    {
        using var scope = NewDisposeScope();
        var z1 = Random(6, 8, 31);
        var z2 = Random(6, 8, 32);
        using var loss = new HardNegativeLoss(tau, beta, tauPlus);
        double expected = SimClrReference(ReferenceLosses.Rows(z1), ReferenceLosses.Rows(z2), tau, beta, tauPlus);
        Assert.Equal(expected, loss.forward(z1, z2).item<double>(), 1e-9);
    }

    [Theory]
    [InlineData(0.05, 1.0, 0.1, false)]
    [InlineData(0.2, 0.5, 0.1, true)]
    public void InBatch_Random_MatchesSlowReference(double tau, double beta, double tauPlus, bool withHard)
    {
        using var scope = NewDisposeScope();
        var a = Random(5, 8, 33);
        var p = a + 0.5 * Random(5, 8, 34);
        var h = Random(5, 8, 35);
        using var loss = new HardNegativeLoss(tau, beta, tauPlus);
        double expected = SimCseReference(ReferenceLosses.Rows(a), ReferenceLosses.Rows(p), withHard ? ReferenceLosses.Rows(h) : null, tau, beta, tauPlus);
        Assert.Equal(expected, loss.InBatch(a, p, withHard ? h : null).item<double>(), 1e-9);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.05)]
    [InlineData(0.01)]
    public void Forward_BetaZeroTauPlusZero_EqualsNtXent(double tau)
    {
        using var scope = NewDisposeScope();
        var z1 = Random(7, 10, 36);
        var z2 = Random(7, 10, 37);
        using var hcl = new HardNegativeLoss(tau, beta: 0, tauPlus: 0);
        using var ntXent = new NtXentLoss(tau);
        Assert.Equal(ntXent.forward(z1, z2).item<double>(), hcl.forward(z1, z2).item<double>(), 1e-9);
    }

    [Theory]
    [InlineData(0.05, false)]
    [InlineData(0.05, true)]
    [InlineData(1.0, true)]
    public void InBatch_BetaZeroTauPlusZero_EqualsInfoNce(double tau, bool withHard)
    {
        using var scope = NewDisposeScope();
        var a = Random(6, 8, 38);
        var p = Random(6, 8, 39);
        var h = Random(6, 8, 40);
        using var hcl = new HardNegativeLoss(tau, beta: 0, tauPlus: 0);
        using var infoNce = new InfoNceLoss(tau);
        Assert.Equal(infoNce.forward(a, p, withHard ? h : null).item<double>(), hcl.InBatch(a, p, withHard ? h : null).item<double>(), 1e-9);
    }

    [Fact]
    public void Forward_AllEmbeddingsIdentical_EqualsAnalyticValue()
    {
        // Every similarity is 1: the weights are all 1, R = K e^{1/τ}, Ng = (R − τ⁺ K e^{1/τ}) / (1 − τ⁺) = K e^{1/τ},
        // so ℓ = −log(1 / (1 + K)) with K = 2N − 2, whatever β and τ⁺.
        const int n = 4;
        using var scope = NewDisposeScope();
        var x = ones(n, 3, dtype: ScalarType.Float64);
        using var loss = new HardNegativeLoss(0.5, beta: 1.5, tauPlus: 0.2);
        Assert.Equal(Math.Log(1 + 2 * n - 2), loss.forward(x, x.clone()).item<double>(), 1e-9);
    }

    [Fact]
    public void Forward_SmallTemperatureFloat32_FiniteLossAndGradient()
    {
        // τ = 0.01 puts logits at 100: e^100 overflows float32, the log-space form must not.
        using var scope = NewDisposeScope();
        var z1 = randn(8, 16, generator: new Generator(41)).requires_grad_();
        var z2 = (z1.detach() + 0.01 * randn(8, 16, generator: new Generator(42))).requires_grad_();
        using var loss = new HardNegativeLoss(0.01, beta: 1.0, tauPlus: 0.1);
        var value = loss.forward(z1, z2);
        Assert.True(value.isfinite().item<bool>());
        value.backward();
        foreach (var t in new[] { z1, z2 })
            Assert.True(t.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void Forward_LargerBeta_WeighsTheHardestNegativesMore()
    {
        // Raising β moves weight onto high-similarity negatives, so the reweighted negative mass, and the loss, grow.
        using var scope = NewDisposeScope();
        var z1 = Random(8, 6, 43);
        var z2 = Random(8, 6, 44);
        using var easy = new HardNegativeLoss(0.5, beta: 0, tauPlus: 0);
        using var hard = new HardNegativeLoss(0.5, beta: 2, tauPlus: 0);
        Assert.True(hard.forward(z1, z2).item<double>() > easy.forward(z1, z2).item<double>());
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.1)]
    [InlineData(0.5, -1.0, 0.1)]
    [InlineData(0.5, 1.0, 1.0)]
    [InlineData(0.5, 1.0, -0.1)]
    public void Constructor_InvalidParameter_Throws(double tau, double beta, double tauPlus) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HardNegativeLoss(tau, beta, tauPlus));

    [Fact]
    public void HclOptions_InvalidTauPlus_ThrowsContrastiveException() =>
        Assert.Throws<ContrastiveException>(() => new HclOptions(1.0, 1.0).Validate());
}

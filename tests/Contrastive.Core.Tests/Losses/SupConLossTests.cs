using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class SupConLossTests
{
    static Tensor Random(long n, long d, long seed) =>
        randn(n, d, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));

    /// <summary>Khosla et al. eq. 2 written as loops: mean over anchors with |P(i)| &gt; 0 of
    /// −(τ/τ_base)/|P(i)| Σ_p log(e^{s_ip/τ} / Σ_{a≠i} e^{s_ia/τ}).</summary>
    static double Reference(double[][] z, long[] y, double tau, double baseTau)
    {
        int m = z.Length;
        double total = 0;
        int anchors = 0;
        for (int i = 0; i < m; i++)
        {
            var positives = Enumerable.Range(0, m).Where(p => p != i && y[p] == y[i]).ToArray();
            if (positives.Length == 0) continue;
            double denominator = 0;
            for (int a = 0; a < m; a++) if (a != i) denominator += Math.Exp(ReferenceLosses.Cosine(z[i], z[a]) / tau);
            double sum = positives.Sum(p => ReferenceLosses.Cosine(z[i], z[p]) / tau - Math.Log(denominator));
            total += -(tau / baseTau) * sum / positives.Length;
            anchors++;
        }
        return total / anchors;
    }

    [Theory]
    [InlineData(0.07, 0.07)]
    [InlineData(0.5, 0.07)]
    [InlineData(0.1, 1.0)]
    public void Forward_ManyPositivesPerAnchor_MatchesLoopReference(double tau, double baseTau)
    {
        using var scope = NewDisposeScope();
        var z = Random(11, 6, 31);
        long[] labels = [0, 1, 0, 2, 1, 0, 3, 2, 0, 1, 4];   // classes of 4, 3, 2, 1 (3 and 4 are anchors without positives)
        using var loss = new SupConLoss(tau, baseTau);
        double expected = Reference(ReferenceLosses.Rows(z), labels, tau, baseTau);
        Assert.Equal(expected, loss.forward(z, tensor(labels)).item<double>(), 1e-9);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.07)]
    public void Forward_ExactlyTwoViewsPerClass_EqualsNtXent(double tau)
    {
        using var scope = NewDisposeScope();
        const int n = 6;
        var z1 = Random(n, 8, 32);
        var z2 = Random(n, 8, 33);
        var labels = cat([arange(n), arange(n)], 0);                         // row k and k + N share a label
        using var supCon = new SupConLoss(tau, baseTemperature: null);
        using var ntXent = new NtXentLoss(tau);
        Assert.Equal(ntXent.forward(z1, z2).item<double>(), supCon.forward(cat([z1, z2], 0), labels).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_BaseTemperature_ScalesTheLossByTauOverBase()
    {
        using var scope = NewDisposeScope();
        var z = Random(8, 4, 34);
        var labels = tensor(new long[] { 0, 0, 1, 1, 2, 2, 2, 3 });
        using var plain = new SupConLoss(0.2, null);
        using var scaled = new SupConLoss(0.2, 0.07);
        Assert.Equal(0.2 / 0.07 * plain.forward(z, labels).item<double>(), scaled.forward(z, labels).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_EveryRowAloneInItsClass_Throws()
    {
        using var scope = NewDisposeScope();
        using var loss = new SupConLoss();
        Assert.Throws<ArgumentException>(() => loss.forward(Random(3, 4, 35), tensor(new long[] { 0, 1, 2 })));
    }

    [Fact]
    public void Forward_LabelsOfWrongLength_Throws()
    {
        using var scope = NewDisposeScope();
        using var loss = new SupConLoss();
        Assert.Throws<ArgumentException>(() => loss.forward(Random(4, 4, 36), tensor(new long[] { 0, 0, 1 })));
    }

    [Fact]
    public void Constructor_NonPositiveTemperature_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SupConLoss(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SupConLoss(0.1, -1));
    }

    [Fact]
    public void Backward_FiniteGradientOnEveryRow()
    {
        using var scope = NewDisposeScope();
        var z = Random(6, 5, 37).requires_grad_();
        using var loss = new SupConLoss();
        loss.forward(z, tensor(new long[] { 0, 0, 1, 1, 0, 2 })).backward();
        Assert.True(z.grad!.isfinite().all().item<bool>());
        Assert.True(z.grad.abs().sum(1).gt(0).all().item<bool>());
    }
}

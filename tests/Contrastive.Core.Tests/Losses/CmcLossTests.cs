using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class CmcLossTests
{
    static Tensor Random(long n, long d, long seed) =>
        randn(n, d, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));

    static double Directional(double[][] a, double[][] b, double tau) => ReferenceLosses.InfoNce(a, b, null, tau, 0);

    [Fact]
    public void Forward_ThreeViews_CoreAndFullGraphMatchThePapersSums()
    {
        using var scope = NewDisposeScope();
        var v = new[] { Random(6, 5, 41), Random(6, 5, 42), Random(6, 5, 43) };
        var r = v.Select(ReferenceLosses.Rows).ToArray();
        const double tau = 0.07;
        double L(int i, int j) => Directional(r[i], r[j], tau) + Directional(r[j], r[i], tau);
        using var core = new CmcLoss(tau, CmcGraph.Core);
        using var full = new CmcLoss(tau, CmcGraph.Full);
        Assert.Equal(L(0, 1) + L(0, 2), core.forward(v).item<double>(), 1e-8);                 // eq. 6
        Assert.Equal(L(0, 1) + L(0, 2) + L(1, 2), full.forward(v).item<double>(), 1e-8);       // eq. 7
    }

    [Fact]
    public void Forward_TwoViews_CoreEqualsFullEqualsSymmetricInfoNce()
    {
        using var scope = NewDisposeScope();
        var a = Random(5, 4, 44);
        var b = Random(5, 4, 45);
        using var core = new CmcLoss(0.2, CmcGraph.Core);
        using var full = new CmcLoss(0.2, CmcGraph.Full);
        using var info = new InfoNceLoss(0.2);
        double expected = info.forward(a, b).item<double>() + info.forward(b, a).item<double>();
        Assert.Equal(expected, core.forward([a, b]).item<double>(), 1e-12);
        Assert.Equal(expected, full.forward([a, b]).item<double>(), 1e-12);
    }

    [Fact]
    public void Pairs_FourViews_CoreHasThreeAndFullSix()
    {
        Assert.Equal([(0, 1), (0, 2), (0, 3)], new CmcLoss(graph: CmcGraph.Core).Pairs(4));
        Assert.Equal(6, new CmcLoss(graph: CmcGraph.Full).Pairs(4).Count());
    }

    [Fact]
    public void Forward_OneView_Throws()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => new CmcLoss().forward([Random(3, 2, 46)]));
    }
}

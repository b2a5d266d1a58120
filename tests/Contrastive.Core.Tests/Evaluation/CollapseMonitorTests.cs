using Contrastive.Core.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Evaluation;

public class CollapseMonitorTests
{
    [Fact]
    public void NormalizedStd_Collapsed_IsZero()
    {
        var z = tensor(new float[] { 1, 2, 3 }).expand(50, 3);
        Assert.Equal(0.0, CollapseMonitor.NormalizedStd(z), 6);
    }

    [Fact]
    public void NormalizedStd_IsotropicGaussian_IsAboutOneOverSqrtD()
    {
        using var g = new Generator(5);
        var z = randn([20000, 64], generator: g);
        Assert.Equal(1.0, CollapseMonitor.RelativeStd(z), 1);
        Assert.Equal(1.0 / 8, CollapseMonitor.UniformBaseline(64), 12);
    }

    [Fact]
    public void NormalizedStd_OneRow_Throws() =>
        Assert.Throws<ArgumentException>(() => CollapseMonitor.NormalizedStd(ones(1, 4)));
}

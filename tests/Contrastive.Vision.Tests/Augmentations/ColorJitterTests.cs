using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class ColorJitterTests
{
    [Fact]
    public void Apply_StrengthZero_Identity()
    {
        using var x = TestImages.Random(4, 3, 8, 8);
        using var g = new Generator(1);
        using var y = new ColorJitter(0.0, 1.0).Apply(x, g);
        Assert.True(y.allclose(x, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Apply_Grayscale_StaysOneChannelInRangeAndVariesPerSample()
    {
        using var x = TestImages.Random(1, 1, 8, 8).expand(8, 1, 8, 8).contiguous();
        using var g = new Generator(2);
        using var y = new ColorJitter(1.0, 1.0).Apply(x, g);
        Assert.Equal(new long[] { 8, 1, 8, 8 }, y.shape);
        Assert.True(y.min().item<float>() >= 0 && y.max().item<float>() <= 1);
        var means = Enumerable.Range(0, 8).Select(i => Math.Round(y[i].mean().item<float>(), 5)).Distinct().Count();
        Assert.Equal(8, means);
    }

    [Fact]
    public void Apply_ProbabilityZero_Unchanged()
    {
        using var x = TestImages.Random(4, 3, 8, 8);
        using var g = new Generator(3);
        Assert.True(TestTensors.Same(new ColorJitter(1.0, 0.0).Apply(x, g), x));
    }

    [Fact]
    public void HueRoundTrip_RgbToHsvToRgb_IsIdentity()
    {
        using var x = TestImages.Random(3, 3, 6, 6);
        using var back = ColorSpace.HsvToRgb(ColorSpace.RgbToHsv(x));
        Assert.True(back.allclose(x, rtol: 0, atol: 1e-5));
    }
}

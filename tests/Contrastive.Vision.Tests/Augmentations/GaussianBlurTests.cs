using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class GaussianBlurTests
{
    [Fact]
    public void Blur_ConstantImage_Unchanged()
    {
        using var x = full(2, 3, 10, 10, 0.3f);
        using var y = GaussianBlur.Blur(x, tensor(new float[] { 0.5f, 2f }), 5);
        Assert.True(y.allclose(x, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Blur_PreservesMeanAndLowersVariance()
    {
        using var x = TestImages.Random(4, 1, 32, 32);
        using var y = GaussianBlur.Blur(x, full(4, 1.5f), 7);
        Assert.Equal(x.mean().item<float>(), y.mean().item<float>(), 2);
        Assert.True(y.std().item<float>() < 0.5 * x.std().item<float>());
    }

    [Fact]
    public void Blur_SmallSigma_NearlyIdentity()
    {
        using var x = TestImages.Random(1, 1, 16, 16);
        using var y = GaussianBlur.Blur(x, full(1, 0.1f), 3);
        Assert.True(y.allclose(x, rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void Apply_DifferentSigmaPerSample()
    {
        using var x = TestImages.Random(1, 1, 16, 16).expand(6, 1, 16, 16).contiguous();
        using var g = new Generator(6);
        using var y = new GaussianBlur(0.1, 2.0, p: 1.0).Apply(x, g);
        var stds = Enumerable.Range(0, 6).Select(i => y[i].std().item<float>()).Distinct().Count();
        Assert.Equal(6, stds);
    }

    [Fact]
    public void KernelSize_TenPercentOdd() => Assert.Equal(5, new GaussianBlur().KernelSize(50));
}

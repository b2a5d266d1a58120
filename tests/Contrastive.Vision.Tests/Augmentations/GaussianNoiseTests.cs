using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class GaussianNoiseTests
{
    [Fact]
    public void Apply_NoiseHasZeroMeanAndTheGivenStd()
    {
        using var x = full(8, 3, 32, 32, 0.5f);
        using var g = new Generator(5);
        using var noise = new GaussianNoise(0.2).Apply(x, g) - x;
        Assert.Equal(0.0, noise.mean().item<float>(), 2);
        Assert.Equal(0.2, noise.std().item<float>(), 2);
    }

    [Fact]
    public void Apply_SamplesGetIndependentNoise()
    {
        using var x = zeros(2, 1, 16, 16);
        using var g = new Generator(5);
        using var y = new GaussianNoise(1.0).Apply(x, g);
        double correlation = (y[0] * y[1]).mean().item<float>() / (y[0].std().item<float>() * y[1].std().item<float>());
        Assert.InRange(correlation, -0.2, 0.2);
    }
}

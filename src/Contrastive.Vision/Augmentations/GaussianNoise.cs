using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>Additive Gaussian noise (SimCLR Figure 4): x + σ ε, ε ~ N(0, 1) per pixel, with probability P per sample.
/// Not clamped, so the noise statistics are exact.</summary>
public sealed class GaussianNoise : IImageAugmentation
{
    public string Name => "noise";
    public double Std { get; }
    public double P { get; }

    public GaussianNoise(double std = 0.1, double p = 1.0)
    {
        if (!(std >= 0) || double.IsInfinity(std)) throw new ArgumentOutOfRangeException(nameof(std), std, $"The noise deviation must be 0 or more, but it is {std}.");
        Std = std;
        P = PerSampleRandom.Probability(p, nameof(p));
    }

    public Tensor Apply(Tensor images, Generator generator)
    {
        PerSampleRandom.RequireBatch(images, nameof(GaussianNoise));
        using var scope = NewDisposeScope();
        var noise = randn(images.shape, dtype: images.dtype, generator: generator) * Std;
        var applied = PerSampleRandom.Mask(images.shape[0], P, generator);
        return (images + noise * applied).MoveToOuterDisposeScope();
    }
}

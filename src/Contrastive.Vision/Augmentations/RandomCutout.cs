using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// Cutout (DeVries and Taylor 2017, arXiv:1708.04552; SimCLR Figure 4): with probability P, a square of side
/// Size · min(H, W), centred at a uniformly drawn pixel (clipped at the borders), is set to 0. One square per sample.
/// </summary>
public sealed class RandomCutout : IImageAugmentation
{
    public string Name => "cutout";

    /// <summary>Side of the square as a fraction of the shorter image side (DeVries and Taylor: 16/32 = 0.5 on CIFAR-10).</summary>
    public double Size { get; }
    public double P { get; }

    public RandomCutout(double size = 0.5, double p = 1.0)
    {
        if (!(size > 0 && size <= 1)) throw new ArgumentOutOfRangeException(nameof(size), size, $"The cutout size must be in (0, 1], but it is {size}.");
        Size = size;
        P = PerSampleRandom.Probability(p, nameof(p));
    }

    public Tensor Apply(Tensor images, Generator generator)
    {
        PerSampleRandom.RequireBatch(images, nameof(RandomCutout));
        using var scope = NewDisposeScope();
        long b = images.shape[0], h = images.shape[2], w = images.shape[3];
        double half = Size * Math.Min(h, w) / 2;
        var cy = (rand([b], generator: generator) * h).floor().view(b, 1, 1, 1) + 0.5;   // pixel centres
        var cx = (rand([b], generator: generator) * w).floor().view(b, 1, 1, 1) + 0.5;
        var applied = PerSampleRandom.Mask(b, P, generator);
        var ys = arange(h, dtype: ScalarType.Float32).view(1, 1, h, 1) + 0.5;
        var xs = arange(w, dtype: ScalarType.Float32).view(1, 1, 1, w) + 0.5;
        var inside = (ys - cy).abs().le(half).logical_and((xs - cx).abs().le(half)).logical_and(applied); // (B, 1, H, W)
        return images.masked_fill(inside, 0.0).MoveToOuterDisposeScope();
    }
}

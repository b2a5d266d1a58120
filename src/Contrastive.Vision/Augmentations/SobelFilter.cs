using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// Sobel filtering (SimCLR Figure 4): with probability P, the image becomes its gradient magnitude
/// √(G_x² + G_y²) / 4 on the luma, with G_x = [[−1, 0, 1], [−2, 0, 2], [−1, 0, 1]] ∗ luma and G_y its transpose,
/// replicate padding, clamped to [0, 1], copied to every channel. The division by 4 maps a unit step edge to 1.
/// </summary>
public sealed class SobelFilter : IImageAugmentation
{
    public string Name => "sobel";
    public double P { get; }

    public SobelFilter(double p = 1.0) => P = PerSampleRandom.Probability(p, nameof(p));

    public Tensor Apply(Tensor images, Generator generator)
    {
        PerSampleRandom.RequireBatch(images, nameof(SobelFilter));
        var applied = PerSampleRandom.Mask(images.shape[0], P, generator);
        using var scope = NewDisposeScope();
        return where(applied, Magnitude(images).expand_as(images), images).MoveToOuterDisposeScope();
    }

    /// <summary>(B, C, H, W) → (B, 1, H, W) gradient magnitude / 4, clamped to [0, 1].</summary>
    internal static Tensor Magnitude(Tensor images)
    {
        using var scope = NewDisposeScope();
        var (gx, gy) = Derivatives(images);
        return ((gx.square() + gy.square()).sqrt() / 4).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>(B, C, H, W) → the Sobel derivatives G_x, G_y of the luma, (B, 1, H, W) each, replicate padding.</summary>
    internal static (Tensor Gx, Tensor Gy) Derivatives(Tensor images)
    {
        using var scope = NewDisposeScope();
        var luma = ColorSpace.Luma(images);                                                  // (B, 1, H, W)
        var kx = tensor(new float[] { -1, 0, 1, -2, 0, 2, -1, 0, 1 }, [1, 1, 3, 3]).to(images.dtype);
        var ky = kx.transpose(2, 3);
        var padded = nn.functional.pad(luma, [1, 1, 1, 1], TorchSharp.PaddingModes.Replicate);
        return (nn.functional.conv2d(padded, kx).MoveToOuterDisposeScope(), nn.functional.conv2d(padded, ky).MoveToOuterDisposeScope());
    }
}

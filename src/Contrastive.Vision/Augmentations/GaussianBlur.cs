using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// Gaussian blur (SimCLR, Appendix A: "we blur the image 50% of the time using a Gaussian kernel. We randomly sample
/// σ ∈ [0.1, 2.0], and the kernel size is set to be 10% of the image height/width"): with probability P, a
/// separable kernel g(t) ∝ exp(−t² / 2σ²), σ ~ U(MinSigma, MaxSigma) per sample, reflect padding. The kernel is
/// normalised to sum 1, so a constant image is unchanged and the mean is preserved up to border effects.
/// </summary>
public sealed class GaussianBlur : IImageAugmentation
{
    public string Name => "blur";
    public double MinSigma { get; }
    public double MaxSigma { get; }
    public double P { get; }

    /// <summary>Kernel side as a fraction of the image side (rounded to an odd number, at least 3).</summary>
    public double KernelFraction { get; }

    public GaussianBlur(double minSigma = 0.1, double maxSigma = 2.0, double p = 0.5, double kernelFraction = 0.1)
    {
        if (!(minSigma > 0 && minSigma <= maxSigma && double.IsFinite(maxSigma)))
            throw new ArgumentException($"The blur sigma range must satisfy 0 < min <= max, but it is ({minSigma}, {maxSigma}).", nameof(minSigma));
        if (!(kernelFraction > 0 && kernelFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(kernelFraction), kernelFraction, $"The kernel fraction must be in (0, 1], but it is {kernelFraction}.");
        (MinSigma, MaxSigma, KernelFraction) = (minSigma, maxSigma, kernelFraction);
        P = PerSampleRandom.Probability(p, nameof(p));
    }

    /// <summary>Odd kernel side for an image side.</summary>
    public int KernelSize(long side)
    {
        int k = (int)Math.Round(KernelFraction * side);
        if (k % 2 == 0) k++;
        return Math.Max(3, k);
    }

    public Tensor Apply(Tensor images, Generator generator)
    {
        PerSampleRandom.RequireBatch(images, nameof(GaussianBlur));
        long b = images.shape[0];
        var sigma = PerSampleRandom.Uniform(b, MinSigma, MaxSigma, generator);
        var applied = PerSampleRandom.Mask(b, P, generator);
        using var scope = NewDisposeScope();
        return where(applied, Blur(images, sigma, KernelSize(Math.Min(images.shape[2], images.shape[3]))), images)
               .MoveToOuterDisposeScope();
    }

    /// <summary>Blurs image i with σ_i: <paramref name="sigma"/> (B), odd <paramref name="kernel"/> side.</summary>
    internal static Tensor Blur(Tensor images, Tensor sigma, int kernel)
    {
        using var scope = NewDisposeScope();
        long b = images.shape[0], c = images.shape[1], h = images.shape[2], w = images.shape[3];
        int r = kernel / 2;
        var t = arange(-r, r + 1, dtype: images.dtype).view(1, kernel);                   // (1, K)
        var s = sigma.to(images.dtype).view(b, 1);                                          // (B, 1)
        var g = (-(t * t) / (2 * s * s)).exp();
        g = g / g.sum(1, keepdim: true);                                                    // (B, K)
        var weights = g.repeat_interleave(c, dim: 0);                                       // (B·C, K)
        var x = images.reshape(1, b * c, h, w);
        x = nn.functional.pad(x, [r, r, 0, 0], TorchSharp.PaddingModes.Reflect);
        x = nn.functional.conv2d(x, weights.view(b * c, 1, 1, kernel), groups: b * c);     // horizontal
        x = nn.functional.pad(x, [0, 0, r, r], TorchSharp.PaddingModes.Reflect);
        x = nn.functional.conv2d(x, weights.view(b * c, 1, kernel, 1), groups: b * c);     // vertical
        return x.view(b, c, h, w).MoveToOuterDisposeScope();
    }
}

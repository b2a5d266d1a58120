using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>Per-sample random parameters of a batch, drawn from an explicit generator.</summary>
internal static class PerSampleRandom
{
    /// <summary>(B) float32 uniform on [lo, hi).</summary>
    public static Tensor Uniform(long batch, double lo, double hi, Generator generator) =>
        rand([batch], generator: generator) * (hi - lo) + lo;

    /// <summary>(B, 1, 1, 1) bool, each true with probability <paramref name="p"/>, broadcastable over an image batch.</summary>
    public static Tensor Mask(long batch, double p, Generator generator) =>
        (rand([batch], generator: generator) < p).view(batch, 1, 1, 1);

    /// <summary>Checks a probability argument.</summary>
    public static double Probability(double p, string name) =>
        p is >= 0 and <= 1 ? p : throw new ArgumentOutOfRangeException(name, p, $"{name} must be a probability in [0, 1], but it is {p}.");

    /// <summary>Checks that <paramref name="images"/> is a (B, C, H, W) floating-point batch.</summary>
    public static void RequireBatch(Tensor images, string augmentation)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.ndim != 4 || !images.is_floating_point())
            throw new ArgumentException($"{augmentation} needs a float (B, C, H, W) batch, got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
    }
}

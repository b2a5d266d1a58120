using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

/// <summary>Known images for the augmentation tests.</summary>
internal static class TestImages
{
    /// <summary>(B, C, H, W) with pixel (y, x) = (y · W + x) / (H · W): every pixel distinct, so geometry is visible.</summary>
    public static Tensor Ramp(int b, int c, int h, int w) =>
        (arange(h * w, dtype: ScalarType.Float32) / (h * w)).view(1, 1, h, w).expand(b, c, h, w).contiguous();

    /// <summary>(B, C, H, W) uniform random values in [0, 1) from a seeded generator.</summary>
    public static Tensor Random(int b, int c, int h, int w, ulong seed = 1)
    {
        using var g = new Generator(seed);
        return rand([b, c, h, w], generator: g);
    }
}

using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// Colour distortion by jitter (SimCLR, arXiv:2002.05709, Appendix A): with probability P (0.8), brightness,
/// contrast, saturation and hue are changed in a random order drawn per sample, with strength s:
/// brightness, contrast and saturation factors f ~ U(max(0, 1 − 0.8 s), 1 + 0.8 s), hue shift ~ U(−0.2 s, 0.2 s).
/// brightness: f x; contrast: (x − m) f + m, m the image's mean luma; saturation: (x − g) f + g, g the pixel's luma;
/// hue: rotate the HSV hue. Results are clamped to [0, 1]. A one-channel batch gets brightness and contrast only.
/// </summary>
public sealed class ColorJitter : IImageAugmentation
{
    public string Name => "jitter";

    /// <summary>Strength s (SimCLR: 1.0 on ImageNet, 0.5 on CIFAR-10).</summary>
    public double Strength { get; }
    public double P { get; }

    public ColorJitter(double strength = 0.5, double p = 0.8)
    {
        if (!(strength >= 0) || double.IsInfinity(strength))
            throw new ArgumentOutOfRangeException(nameof(strength), strength, $"The jitter strength must be 0 or more, but it is {strength}.");
        Strength = strength;
        P = PerSampleRandom.Probability(p, nameof(p));
    }

    public Tensor Apply(Tensor images, Generator generator)
    {
        PerSampleRandom.RequireBatch(images, nameof(ColorJitter));
        using var scope = NewDisposeScope();
        long b = images.shape[0];
        bool color = images.shape[1] == 3;
        if (!color && images.shape[1] != 1) throw new ArgumentException($"Colour jitter needs 1 or 3 channels, got {images.shape[1]}.", nameof(images));
        double s = 0.8 * Strength, hue = 0.2 * Strength;
        var view = new long[] { b, 1, 1, 1 };
        var brightness = PerSampleRandom.Uniform(b, Math.Max(0, 1 - s), 1 + s, generator).view(view);
        var contrast = PerSampleRandom.Uniform(b, Math.Max(0, 1 - s), 1 + s, generator).view(view);
        var saturation = PerSampleRandom.Uniform(b, Math.Max(0, 1 - s), 1 + s, generator).view(view);
        var hueShift = PerSampleRandom.Uniform(b, -hue, hue, generator).view(b, 1, 1);
        int ops = color ? 4 : 2;
        var order = rand([b, ops], generator: generator).argsort(1);          // (B, ops): a random order per sample
        var applied = PerSampleRandom.Mask(b, P, generator);                   // (B, 1, 1, 1)

        var y = images;
        for (int slot = 0; slot < ops; slot++)
        {
            var which = order[.., slot];                                       // (B)
            for (int op = 0; op < ops; op++)
            {
                var mask = which.eq(op).view(view);
                var changed = op switch
                {
                    0 => (y * brightness).clamp(0, 1),
                    1 => Blend(y, ColorSpace.Luma(y).mean([1, 2, 3], keepdim: true), contrast),
                    2 => Blend(y, ColorSpace.Luma(y), saturation),
                    _ => ShiftHue(y, hueShift),
                };
                y = where(mask, changed, y);
            }
        }
        return where(applied, y, images).MoveToOuterDisposeScope();
    }

    /// <summary>(x − reference) f + reference, clamped: torchvision's _blend.</summary>
    static Tensor Blend(Tensor x, Tensor reference, Tensor factor) => ((x - reference) * factor + reference).clamp(0, 1);

    static Tensor ShiftHue(Tensor x, Tensor shift)
    {
        var hsv = ColorSpace.RgbToHsv(x);
        var c = hsv.unbind(1);
        var h = (c[0] + shift).remainder(1.0);
        return ColorSpace.HsvToRgb(stack([h, c[1], c[2]], 1));
    }
}

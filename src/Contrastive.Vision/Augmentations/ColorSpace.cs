using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>Colour conversions of (B, C, H, W) batches: luma and RGB ↔ HSV (torchvision's formulas), RGB → CIE Lab.</summary>
internal static class ColorSpace
{
    /// <summary>ITU-R 601 luma 0.299 R + 0.587 G + 0.114 B as (B, 1, H, W); a one-channel batch is returned as is.</summary>
    public static Tensor Luma(Tensor x)
    {
        if (x.shape[1] == 1) return x;
        var c = x.unbind(1);
        return (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]).unsqueeze(1);
    }

    /// <summary>(B, 3, H, W) RGB in [0, 1] → (B, 3, H, W) HSV, hue in [0, 1).</summary>
    public static Tensor RgbToHsv(Tensor x)
    {
        var c = x.unbind(1);
        Tensor r = c[0], g = c[1], b = c[2];                           // (B, H, W)
        var maxc = x.amax([1]);
        var minc = x.amin([1]);
        var cr = maxc - minc;
        var flat = cr.eq(0);
        var s = cr / where(flat, ones_like(maxc), maxc);
        var divisor = where(flat, ones_like(cr), cr);
        var rc = (maxc - r) / divisor;
        var gc = (maxc - g) / divisor;
        var bc = (maxc - b) / divisor;
        var isR = maxc.eq(r);
        var isG = maxc.eq(g).logical_and(isR.logical_not());
        var isB = isR.logical_not().logical_and(maxc.eq(g).logical_not());
        var h = isR * (bc - gc) + isG * (2.0 + rc - bc) + isB * (4.0 + gc - rc);
        h = (h / 6.0 + 1.0).remainder(1.0);
        return stack([h, s, maxc], 1);
    }

    /// <summary>(B, 3, H, W) HSV → RGB.</summary>
    public static Tensor HsvToRgb(Tensor x)
    {
        var c = x.unbind(1);
        Tensor h = c[0], s = c[1], v = c[2];
        var h6 = h * 6.0;
        var i = h6.floor();
        var f = h6 - i;
        var sector = i.remainder(6.0);
        var p = (v * (1.0 - s)).clamp(0, 1);
        var q = (v * (1.0 - s * f)).clamp(0, 1);
        var t = (v * (1.0 - s * (1.0 - f))).clamp(0, 1);
        Tensor[][] table = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]];
        var channels = new Tensor[3];
        for (int ch = 0; ch < 3; ch++)
        {
            var acc = zeros_like(v);
            for (int k = 0; k < 6; k++) acc = acc + sector.eq(k) * table[k][ch];
            channels[ch] = acc;
        }
        return stack(channels, 1);
    }

    /// <summary>
    /// (B, 3, H, W) sRGB in [0, 1] → (B, 3, H, W) CIE L*a*b* (D65 white): the sRGB transfer curve is undone, the linear
    /// RGB mapped to XYZ with the sRGB matrix, and L* = 116 f(Y/Yn) − 16, a* = 500 (f(X/Xn) − f(Y/Yn)),
    /// b* = 200 (f(Y/Yn) − f(Z/Zn)), f(t) = t^{1/3} above (6/29)³ and t / (3 (6/29)²) + 4/29 below. L* in [0, 100].
    /// </summary>
    public static Tensor RgbToLab(Tensor x)
    {
        var linear = where(x.le(0.04045), x / 12.92, ((x.clamp_min(0.04045) + 0.055) / 1.055).pow(2.4));
        var c = linear.unbind(1);
        Tensor r = c[0], g = c[1], b = c[2];
        var X = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        var Y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        var Z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        const double delta = 6.0 / 29.0;
        Tensor F(Tensor t) => where(t.gt(delta * delta * delta), t.clamp_min(delta * delta * delta).pow(1.0 / 3.0), t / (3 * delta * delta) + 4.0 / 29.0);
        var fx = F(X);
        var fy = F(Y);
        var fz = F(Z);
        return stack([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)], 1);
    }
}

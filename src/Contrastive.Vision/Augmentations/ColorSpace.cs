using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>Colour conversions of (B, C, H, W) batches: luma and RGB ↔ HSV (torchvision's formulas).</summary>
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
}

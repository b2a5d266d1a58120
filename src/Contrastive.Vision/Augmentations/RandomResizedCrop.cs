using static TorchSharp.torch;

namespace Contrastive.Vision.Augmentations;

/// <summary>
/// Random resized crop (SimCLR, arXiv:2002.05709, Appendix A; torchvision's <c>RandomResizedCrop</c> parameters):
/// per sample, a crop covering a fraction s ~ U(MinScale, MaxScale) of the image area with aspect ratio r,
/// log r ~ U(log MinRatio, log MaxRatio), placed uniformly inside the image (up to 10 draws, then the whole image),
/// resized to Size × Size by bilinear sampling (affine_grid + grid_sample, align_corners = false).
/// </summary>
public sealed class RandomResizedCrop : IImageAugmentation
{
    const int Attempts = 10;

    /// <summary>SimCLR's (and torchvision's) smallest crop area fraction.</summary>
    public const double DefaultMinScale = 0.08;

    public string Name => "crop";
    public int Size { get; }
    public double MinScale { get; }
    public double MaxScale { get; }
    public double MinRatio { get; }
    public double MaxRatio { get; }

    public RandomResizedCrop(int size, double minScale = DefaultMinScale, double maxScale = 1.0, double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, $"The crop size must be positive, but it is {size}.");
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1))
            throw new ArgumentException($"The crop scale range must satisfy 0 < min <= max <= 1, but it is ({minScale}, {maxScale}).", nameof(minScale));
        if (!(minRatio > 0 && minRatio <= maxRatio && double.IsFinite(maxRatio)))
            throw new ArgumentException($"The crop ratio range must satisfy 0 < min <= max, but it is ({minRatio}, {maxRatio}).", nameof(minRatio));
        (Size, MinScale, MaxScale, MinRatio, MaxRatio) = (size, minScale, maxScale, minRatio, maxRatio);
    }

    public Tensor Apply(Tensor images, Generator generator)
    {
        PerSampleRandom.RequireBatch(images, nameof(RandomResizedCrop));
        long b = images.shape[0];
        double h = images.shape[2], w = images.shape[3];
        var draws = rand([b, Attempts, 4], ScalarType.Float64, generator: generator).data<double>().ToArray();
        var boxes = new float[b * 4];
        double logLo = Math.Log(MinRatio), logHi = Math.Log(MaxRatio);
        for (long i = 0; i < b; i++)
        {
            (double x0, double y0, double wf, double hf) = (0, 0, 1, 1);   // fallback: the whole image
            for (int t = 0; t < Attempts; t++)
            {
                long o = (i * Attempts + t) * 4;
                double area = (MinScale + (MaxScale - MinScale) * draws[o]) * h * w;
                double ratio = Math.Exp(logLo + (logHi - logLo) * draws[o + 1]);
                double cw = Math.Sqrt(area * ratio) / w, ch = Math.Sqrt(area / ratio) / h;   // fractions of W and H
                if (cw > 1 || ch > 1) continue;
                (x0, y0, wf, hf) = ((1 - cw) * draws[o + 2], (1 - ch) * draws[o + 3], cw, ch);
                break;
            }
            boxes[i * 4] = (float)x0; boxes[i * 4 + 1] = (float)y0; boxes[i * 4 + 2] = (float)wf; boxes[i * 4 + 3] = (float)hf;
        }
        using var boxTensor = tensor(boxes, [b, 4]);
        return CropResize(images, boxTensor, Size, Size);
    }

    /// <summary>
    /// Crops box (x0, y0, w, h), in fractions of the image width and height, from each image and resizes it to
    /// <paramref name="outH"/> × <paramref name="outW"/> by bilinear sampling.
    /// </summary>
    /// <param name="images">(B, C, H, W).</param>
    /// <param name="boxes">(B, 4) rows (x0, y0, w, h) in [0, 1].</param>
    internal static Tensor CropResize(Tensor images, Tensor boxes, int outH, int outW)
    {
        using var scope = NewDisposeScope();
        long b = images.shape[0];
        var x0 = boxes[.., 0]; var y0 = boxes[.., 1]; var wf = boxes[.., 2]; var hf = boxes[.., 3];   // (B)
        // Output coordinate u in [-1, 1] samples input x = cx + w u, with the box centre cx = 2 (x0 + w/2) - 1.
        var cx = 2 * (x0 + wf / 2) - 1;
        var cy = 2 * (y0 + hf / 2) - 1;
        var zero = zeros_like(wf);
        var theta = stack([stack([wf, zero, cx], 1), stack([zero, hf, cy], 1)], 1).to(images.dtype);   // (B, 2, 3)
        var grid = nn.functional.affine_grid(theta, [b, images.shape[1], outH, outW], align_corners: false); // (B, H', W', 2)
        return nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false)
                 .MoveToOuterDisposeScope();
    }
}

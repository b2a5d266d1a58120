using Contrastive.Core.Serialization;
using Contrastive.Vision.Augmentations;
using SkiaSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Preview;

/// <summary>
/// A PNG grid in the style of SimCLR's Figure 4: the original image, then one row per augmentation (applied alone,
/// with probability 1) showing <c>samples</c> independent draws; the augmentation's name on the left. Pixels are
/// scaled up with nearest-neighbour sampling so small images stay readable.
/// </summary>
public static class AugmentationGrid
{
    /// <summary>The ten augmentations of SimCLR's Figure 4, each forced on (p = 1), for an image of side <paramref name="size"/>.</summary>
    public static IReadOnlyList<IImageAugmentation> FigureFour(int size) =>
    [
        new RandomResizedCrop(size), new RandomHorizontalFlip(1.0), new RandomGrayscale(1.0), new ColorJitter(1.0, 1.0),
        new RandomRotation90(1.0), new RandomCutout(0.5, 1.0), new GaussianNoise(0.1, 1.0), new GaussianBlur(0.1, 2.0, 1.0),
        new SobelFilter(1.0), AugmentationSet.Parse(AugmentationSet.SimClr, size, 1.0),
    ];

    /// <param name="image">(C, H, W) in [0, 1], C = 1 or 3.</param>
    /// <param name="cell">Side of each drawn image in pixels.</param>
    public static void Save(string pngPath, Tensor image, IReadOnlyList<IImageAugmentation> augmentations, int samples, Generator generator, int cell = 96)
    {
        if (image.ndim != 3) throw new ArgumentException($"The image must be (C, H, W), got [{string.Join(", ", image.shape)}].", nameof(image));
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, $"The number of samples must be at least 1, but it is {samples}.");
        const int label = 130, pad = 4;
        int rows = augmentations.Count + 1;
        int width = label + samples * (cell + pad), height = rows * (cell + pad);
        using var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 14);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };

        using var scope = NewDisposeScope();
        var batch = image.unsqueeze(0).expand(samples, -1, -1, -1).contiguous();    // (S, C, H, W)
        Draw(canvas, 0, "original", image.unsqueeze(0));
        for (int r = 0; r < augmentations.Count; r++)
            Draw(canvas, r + 1, augmentations[r].Name, augmentations[r].Apply(batch, generator));

        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.WriteAllBytes(pngPath, data.ToArray());

        void Draw(SKCanvas c, int row, string name, Tensor images)
        {
            int top = row * (cell + pad);
            c.DrawText(name, 4, top + cell / 2 + 5, SKTextAlign.Left, font, paint);
            var x = images.clamp(0, 1);
            for (int s = 0; s < x.shape[0]; s++)
                DrawImage(c, x[s], label + s * (cell + pad), top, cell);
        }
    }

    static void DrawImage(SKCanvas canvas, Tensor image, int left, int top, int cell)
    {
        long ch = image.shape[0], h = image.shape[1], w = image.shape[2];
        var values = (image * 255).round().to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        using var small = new SKBitmap((int)w, (int)h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                byte r = values[y * w + x];
                byte g = ch == 3 ? values[h * w + y * w + x] : r;
                byte b = ch == 3 ? values[2 * h * w + y * w + x] : r;
                small.SetPixel(x, y, new SKColor(r, g, b));
            }
        using var img = SKImage.FromBitmap(small);
        canvas.DrawImage(img, new SKRect(left, top, left + cell, top + cell), new SKSamplingOptions(SKFilterMode.Nearest));
    }
}

using Contrastive.Core;
using SkiaSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Data;

/// <summary>
/// Reads users' own images, torchvision <c>ImageFolder</c> style: <c>root/class_name/*.png|jpg|jpeg</c> gives labelled
/// images (classes sorted by name); image files directly in <c>root</c> with no class folders give unlabelled ones.
/// Decoded with SkiaSharp and resized (bilinear, ignoring the aspect ratio) to <c>size × size</c>, as RGB
/// (3 channels) or grayscale (1 channel, ITU-R 601 luma).
/// </summary>
public static class ImageFolderReader
{
    static readonly string[] Extensions = [".png", ".jpg", ".jpeg"];

    public static ImageDataset Read(string root, int size, bool grayscale = false)
    {
        if (!Directory.Exists(root)) throw new ContrastiveException($"{root}: folder not found.");
        if (size < 1) throw new ContrastiveException($"The image size must be positive, got {size}.");
        var classes = Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal).ToArray();
        var files = new List<(string Path, long Label)>();
        if (classes.Length > 0)
            for (int c = 0; c < classes.Length; c++)
                files.AddRange(ImageFiles(classes[c]).Select(f => (f, (long)c)));
        else
            files.AddRange(ImageFiles(root).Select(f => (f, -1L)));
        if (files.Count == 0) throw new ContrastiveException($"{root}: no PNG or JPEG images found.");

        int channels = grayscale ? 1 : 3;
        var data = new float[files.Count * channels * size * size];
        int plane = size * size;
        for (int i = 0; i < files.Count; i++)
        {
            using var decoded = SKBitmap.Decode(files[i].Path) ?? throw new ContrastiveException($"{files[i].Path}: not a decodable PNG or JPEG image.");
            using var resized = decoded.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKFilterMode.Linear))
                                ?? throw new ContrastiveException($"{files[i].Path}: could not be resized to {size}x{size}.");
            int offset = i * channels * plane;
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    var p = resized.GetPixel(x, y);
                    float r = p.Red / 255f, g = p.Green / 255f, b = p.Blue / 255f;
                    if (grayscale) data[offset + y * size + x] = 0.299f * r + 0.587f * g + 0.114f * b;
                    else
                    {
                        data[offset + y * size + x] = r;
                        data[offset + plane + y * size + x] = g;
                        data[offset + 2 * plane + y * size + x] = b;
                    }
                }
        }
        var images = tensor(data, [files.Count, channels, size, size]);
        var labels = classes.Length > 0 ? tensor(files.Select(f => f.Label).ToArray()) : null;
        return new ImageDataset(images, labels, classes.Select(Path.GetFileName).ToArray()!, root);
    }

    static IEnumerable<string> ImageFiles(string dir) =>
        Directory.GetFiles(dir).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).OrderBy(f => f, StringComparer.Ordinal);
}

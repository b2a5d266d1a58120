using Contrastive.Core;
using Contrastive.Vision.Data;
using SkiaSharp;

namespace Contrastive.Vision.Tests.Data;

public class ImageFolderReaderTests
{
    static void Png(string path, int w, int h, SKColor color)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(w, h);
        bitmap.Erase(color);
        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void Read_ClassFolders_LabelsSortedByNameAndResized()
    {
        using var dir = new TempDir();
        Png(Path.Combine(dir.Path, "red", "a.png"), 10, 6, new SKColor(255, 0, 0));
        Png(Path.Combine(dir.Path, "blue", "b.png"), 7, 7, new SKColor(0, 0, 255));
        Png(Path.Combine(dir.Path, "blue", "c.png"), 3, 9, new SKColor(0, 0, 255));
        using var data = ImageFolderReader.Read(dir.Path, 4);
        Assert.Equal(new long[] { 3, 3, 4, 4 }, data.Images.shape);
        Assert.Equal(new[] { "blue", "red" }, data.ClassNames);
        Assert.Equal(new long[] { 0, 0, 1 }, data.Labels!.data<long>().ToArray());
        Assert.Equal(1f, data.Images[2, 0].mean().item<float>(), 3);   // red
        Assert.Equal(1f, data.Images[0, 2].mean().item<float>(), 3);   // blue
    }

    [Fact]
    public void Read_Grayscale_OneChannelLuma()
    {
        using var dir = new TempDir();
        Png(Path.Combine(dir.Path, "x.png"), 5, 5, new SKColor(0, 255, 0));
        using var data = ImageFolderReader.Read(dir.Path, 5, grayscale: true);
        Assert.Null(data.Labels);
        Assert.Equal(0.587f, data.Images.mean().item<float>(), 2);
    }

    [Fact]
    public void Read_NoImages_ThrowsNamingFolder()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ContrastiveException>(() => ImageFolderReader.Read(dir.Path, 8));
        Assert.Contains(dir.Path, e.Message);
    }
}

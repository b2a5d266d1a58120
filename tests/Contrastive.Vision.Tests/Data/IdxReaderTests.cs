using Contrastive.Core;
using Contrastive.Vision.Data;

namespace Contrastive.Vision.Tests.Data;

public class IdxReaderTests
{
    [Theory]
    [InlineData("images.idx")]
    [InlineData("images.idx.gz")]
    public void ReadImages_PlainOrGzip_ScaledToUnitInterval(string name)
    {
        using var dir = new TempDir();
        var path = dir.File(name);
        IdxFiles.Write(path, IdxFiles.Images(2, 3, 4, (i, y, x) => (byte)(i * 100 + y * 4 + x)));
        using var images = IdxReader.ReadImages(path);
        Assert.Equal(new long[] { 2, 1, 3, 4 }, images.shape);
        Assert.Equal(5 / 255f, images[0, 0, 1, 1].item<float>(), 6);
        Assert.Equal(111 / 255f, images[1, 0, 2, 3].item<float>(), 6);
    }

    [Fact]
    public void Read_ImagesAndLabels_Match()
    {
        using var dir = new TempDir();
        IdxFiles.Write(dir.File("i"), IdxFiles.Images(3, 2, 2, (i, y, x) => 0));
        IdxFiles.Write(dir.File("l"), IdxFiles.Labels([2, 0, 9]));
        using var data = IdxReader.Read(dir.File("i"), dir.File("l"), ImageDataLoader.FashionMnistClasses);
        Assert.Equal(new long[] { 2, 0, 9 }, data.Labels!.data<long>().ToArray());
    }

    [Fact]
    public void ReadImages_WrongMagic_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var path = dir.File("bad.idx");
        IdxFiles.Write(path, IdxFiles.Images(1, 2, 2, (i, y, x) => 0, magic: 0x801));
        var e = Assert.Throws<ContrastiveException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void ReadImages_Truncated_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var path = dir.File("short.idx.gz");
        var bytes = IdxFiles.Images(4, 5, 5, (i, y, x) => 1);
        IdxFiles.Write(path, bytes[..^10]);
        var e = Assert.Throws<ContrastiveException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Read_LabelCountMismatch_ThrowsNamingFiles()
    {
        using var dir = new TempDir();
        IdxFiles.Write(dir.File("i"), IdxFiles.Images(3, 2, 2, (i, y, x) => 0));
        IdxFiles.Write(dir.File("l"), IdxFiles.Labels([1, 2]));
        var e = Assert.Throws<ContrastiveException>(() => IdxReader.Read(dir.File("i"), dir.File("l"), ImageDataLoader.FashionMnistClasses));
        Assert.Contains(dir.File("l"), e.Message);
        Assert.Contains("2 labels for the 3 images", e.Message);
    }

    [SkippableFact]
    public void Read_InstalledFashionMnistTest_TenThousandImages()
    {
        const string dir = "/usr/share/datasets/fashion-mnist";
        Skip.IfNot(File.Exists(Path.Combine(dir, "t10k-images-idx3-ubyte.gz")), $"{dir} is absent (Debian package dataset-fashion-mnist): skipped.");
        using var data = ImageDataLoader.Load(dir, DataSplit.Test);
        Assert.Equal(10000, data.Count);
        Assert.Equal(28, data.Height);
        Assert.Equal(9, data.Labels!.max().item<long>());
    }
}

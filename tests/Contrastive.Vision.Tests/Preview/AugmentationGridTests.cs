using Contrastive.Vision.Preview;
using SkiaSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Preview;

public class AugmentationGridTests
{
    [Fact]
    public void Save_TenAugmentations_PngWithOneRowEach()
    {
        using var dir = new TempDir();
        var path = dir.File("grid.png");
        using var g = new Generator(1);
        using var image = rand([1, 16, 16], generator: g);
        var augmentations = AugmentationGrid.FigureFour(16);
        Assert.Equal(10, augmentations.Count);
        AugmentationGrid.Save(path, image, augmentations, samples: 3, g, cell: 20);
        using var png = SKBitmap.Decode(path);
        Assert.Equal(11 * 24, png.Height);
        Assert.Equal(130 + 3 * 24, png.Width);
    }
}

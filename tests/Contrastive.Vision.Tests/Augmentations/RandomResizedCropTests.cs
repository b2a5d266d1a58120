using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class RandomResizedCropTests
{
    [Fact]
    public void Apply_FullScaleSquareRatio_IsIdentity()
    {
        using var x = TestImages.Ramp(2, 1, 8, 8);
        using var g = new Generator(1);
        using var y = new RandomResizedCrop(8, 1, 1, 1, 1).Apply(x, g);
        Assert.True(y.allclose(x, rtol: 0, atol: 1e-6));
    }

    [Theory]
    [InlineData(0f, 0f, 0, 0)]
    [InlineData(0.5f, 0f, 0, 4)]
    [InlineData(0.25f, 0.5f, 4, 2)]
    public void CropResize_BoxOfFourPixelsToFour_ReturnsExactlyThosePixels(float x0, float y0, int row, int col)
    {
        // A box of 4x4 pixels resized to 4x4: each output pixel centre falls on an input pixel centre.
        using var x = TestImages.Ramp(1, 1, 8, 8);
        using var boxes = tensor(new[] { x0, y0, 0.5f, 0.5f }).view(1, 4);
        using var y = RandomResizedCrop.CropResize(x, boxes, 4, 4);
        Assert.True(y.allclose(x[.., .., row..(row + 4), col..(col + 4)], rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Apply_OutputSizeAndAreaFraction()
    {
        // A ramp's crop covers a fraction s of the area: the spread of values is at most what the box allows.
        using var x = TestImages.Ramp(16, 3, 20, 20);
        using var g = new Generator(2);
        using var y = new RandomResizedCrop(12).Apply(x, g);
        Assert.Equal(new long[] { 16, 3, 12, 12 }, y.shape);
        Assert.True(y.min().item<float>() >= 0 && y.max().item<float>() < 1);
    }

    [Fact]
    public void Apply_IdenticalImages_DifferentCropsPerSample()
    {
        using var x = TestImages.Ramp(8, 1, 16, 16);
        using var g = new Generator(3);
        using var y = new RandomResizedCrop(16).Apply(x, g);
        int distinct = 0;
        for (int i = 1; i < 8; i++) if (!TestTensors.Same(y[i], y[0])) distinct++;
        Assert.Equal(7, distinct);
    }

    [Fact]
    public void Apply_SameSeed_SameCrops()
    {
        using var x = TestImages.Random(4, 3, 16, 16);
        var crop = new RandomResizedCrop(10);
        using var g1 = new Generator(9);
        using var g2 = new Generator(9);
        Assert.True(TestTensors.Same(crop.Apply(x, g1), crop.Apply(x, g2)));
    }

    [Fact]
    public void Constructor_BadScale_Throws() =>
        Assert.Throws<ArgumentException>(() => new RandomResizedCrop(8, 0.5, 0.2));
}

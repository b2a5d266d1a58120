using Contrastive.Core;
using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class AugmentationSetTests
{
    [Fact]
    public void Parse_Defaults_CropKeepsSimClrsSmallestScale()
    {
        var crop = Assert.IsType<RandomResizedCrop>(AugmentationSet.Parse("crop,flip", 28).Steps[0]);
        Assert.Equal(0.08, crop.MinScale);
        Assert.Equal(28, crop.Size);
    }

    [Fact]
    public void Parse_CropMinScale_ReachesTheCrop()
    {
        var crop = Assert.IsType<RandomResizedCrop>(AugmentationSet.Parse("flip,crop", 28, cropMinScale: 0.3).Steps[1]);
        Assert.Equal(0.3, crop.MinScale);
        Assert.Equal(1.0, crop.MaxScale);
    }

    [Fact]
    public void Parse_CropMinScaleOne_CropsCoverTheWholeAreaUpToTheAspectRatio()
    {
        // With the smallest area fraction at 1 every crop keeps the full area, so a constant image stays constant
        // and a ramp loses at most what the 3/4..4/3 aspect ratios clip.
        using var x = TestImages.Ramp(8, 1, 16, 16);
        using var g = new Generator(5);
        using var weak = AugmentationSet.Parse("crop", 16, cropMinScale: 1.0).Apply(x, g);
        using var g2 = new Generator(5);
        using var strong = AugmentationSet.Parse("crop", 16, cropMinScale: 0.08).Apply(x, g2);
        double Spread(Tensor t) => (t.amax([1, 2, 3]) - t.amin([1, 2, 3])).mean().item<float>();
        Assert.True(Spread(weak) > Spread(strong), $"spread of values within a crop: min scale 1.0 {Spread(weak)}, 0.08 {Spread(strong)}");
    }

    [Fact]
    public void Parse_UnknownName_ThrowsNamingIt()
    {
        var e = Assert.Throws<ContrastiveException>(() => AugmentationSet.Parse("crop,zoom", 8));
        Assert.Contains("zoom", e.Message);
    }
}

using Contrastive.Core;
using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class MultiViewTests
{
    [Fact]
    public void Apply_ThreeViews_DifferentViewsSameShape()
    {
        using var x = TestImages.Random(4, 1, 12, 12);
        using var g = new Generator(1);
        var views = new MultiView(AugmentationSet.Parse(AugmentationSet.SimClr, 12), 3).Apply(x, g);
        Assert.Equal(3, views.Length);
        Assert.All(views, v => Assert.Equal(x.shape, v.shape));
        Assert.False(TestTensors.Same(views[0], views[1]));
    }

    [Fact]
    public void Apply_SameSeed_SameViews_OtherSeed_OtherViews()
    {
        using var x = TestImages.Random(4, 3, 12, 12);
        var mv = new MultiView(AugmentationSet.Parse("crop,flip,jitter,grayscale,blur,noise,rotate,cutout,sobel", 12), 2);
        using var g1 = new Generator(7);
        using var g2 = new Generator(7);
        using var g3 = new Generator(8);
        var a = mv.Apply(x, g1);
        var b = mv.Apply(x, g2);
        var c = mv.Apply(x, g3);
        Assert.True(TestTensors.Same(a[0], b[0]) && TestTensors.Same(a[1], b[1]));
        Assert.False(TestTensors.Same(a[0], c[0]));
    }
}

using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class RandomRotation90Tests
{
    [Fact]
    public void Apply_EachSampleIsA90_180Or270Rotation_AllThreeOccur()
    {
        using var x = TestImages.Ramp(60, 1, 5, 5);
        using var g = new Generator(4);
        using var y = new RandomRotation90().Apply(x, g);
        var seen = new HashSet<int>();
        for (int i = 0; i < 60; i++)
        {
            int match = Enumerable.Range(1, 3).Single(k => TestTensors.Same(y[i], x[i].rot90(k, (1, 2))));
            seen.Add(match);
        }
        Assert.Equal(new[] { 1, 2, 3 }, seen.OrderBy(k => k));
    }

    [Fact]
    public void Apply_Rotation90_MovesTopRightCornerToTopLeft()
    {
        // torch.rot90 with k = 1 over (H, W) turns counter-clockwise: the top-right pixel goes to the top-left.
        using var x = TestImages.Ramp(1, 1, 3, 3);
        using var r = x.rot90(1, (2, 3));
        Assert.Equal(x[0, 0, 0, 2].item<float>(), r[0, 0, 0, 0].item<float>());
    }

    [Fact]
    public void Apply_ProbabilityZero_Unchanged()
    {
        using var x = TestImages.Ramp(4, 1, 5, 5);
        using var g = new Generator(4);
        Assert.True(TestTensors.Same(new RandomRotation90(0).Apply(x, g), x));
    }

    [Fact]
    public void Apply_NonSquare_Throws()
    {
        using var g = new Generator(4);
        Assert.Throws<ArgumentException>(() => new RandomRotation90().Apply(zeros(1, 1, 4, 5), g));
    }
}

using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class RandomHorizontalFlipTests
{
    [Fact]
    public void Apply_ProbabilityOne_MirrorsExactly()
    {
        using var x = TestImages.Ramp(3, 2, 5, 7);
        using var g = new Generator(1);
        using var y = new RandomHorizontalFlip(1.0).Apply(x, g);
        for (int col = 0; col < 7; col++)
            Assert.True(TestTensors.Same(y[.., .., .., col], x[.., .., .., 6 - col]));
    }

    [Fact]
    public void Apply_ProbabilityZero_ReturnsInput()
    {
        using var x = TestImages.Ramp(3, 1, 4, 4);
        using var g = new Generator(1);
        Assert.True(TestTensors.Same(new RandomHorizontalFlip(0.0).Apply(x, g), x));
    }

    [Fact]
    public void Apply_HalfProbability_FlipsSomeSamplesAndNotOthers()
    {
        using var x = TestImages.Ramp(64, 1, 4, 4);
        using var g = new Generator(3);
        using var y = new RandomHorizontalFlip(0.5).Apply(x, g);
        int flipped = 0;
        for (int i = 0; i < 64; i++)
        {
            bool same = TestTensors.Same(y[i], x[i]), mirrored = TestTensors.Same(y[i], x[i].flip(2));
            Assert.True(same ^ mirrored);
            if (mirrored) flipped++;
        }
        Assert.InRange(flipped, 16, 48);
    }
}

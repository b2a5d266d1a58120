using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class RandomGrayscaleTests
{
    [Fact]
    public void Apply_ProbabilityOne_EveryChannelIsTheLuma()
    {
        using var x = TestImages.Random(2, 3, 4, 4);
        using var g = new Generator(1);
        using var y = new RandomGrayscale(1.0).Apply(x, g);
        using var luma = 0.299 * x[.., 0] + 0.587 * x[.., 1] + 0.114 * x[.., 2];
        for (int c = 0; c < 3; c++) Assert.True(y[.., c].allclose(luma, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Apply_OneChannel_Unchanged()
    {
        using var x = TestImages.Random(2, 1, 4, 4);
        using var g = new Generator(1);
        Assert.True(TestTensors.Same(new RandomGrayscale(1.0).Apply(x, g), x));
    }
}

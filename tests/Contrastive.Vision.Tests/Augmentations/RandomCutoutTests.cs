using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class RandomCutoutTests
{
    [Fact]
    public void Apply_ZeroesAtMostASquareOfTheGivenSide()
    {
        using var x = ones(16, 1, 20, 20);
        using var g = new Generator(1);
        using var y = new RandomCutout(0.5).Apply(x, g);
        for (int i = 0; i < 16; i++)
        {
            long zeroed = y[i].eq(0).sum().item<long>();
            Assert.InRange(zeroed, 1, 11 * 11);   // side 10 (+1 at the half-pixel boundary), clipped at the borders
            Assert.True(y[i].eq(0).logical_or(y[i].eq(1)).all().item<bool>());
        }
    }
}

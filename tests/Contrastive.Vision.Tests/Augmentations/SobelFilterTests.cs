using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Augmentations;

public class SobelFilterTests
{
    [Fact]
    public void Magnitude_VerticalStepEdge_OneAtTheEdgeZeroElsewhere()
    {
        // Columns 0..3 are 0, columns 4..7 are 1: the gradient is 4 (one unit step through the Sobel weights
        // 1 + 2 + 1) on columns 3 and 4, i.e. magnitude 1 after the division by 4, and 0 elsewhere.
        using var x = zeros(1, 1, 6, 8);
        x[.., .., .., 4..] = tensor(1f);
        using var m = SobelFilter.Magnitude(x);
        for (int col = 0; col < 8; col++)
        {
            float expected = col is 3 or 4 ? 1f : 0f;
            Assert.True(m[0, 0, .., col].allclose(full(6, expected), rtol: 0, atol: 1e-6), $"column {col}");
        }
    }

    [Fact]
    public void Apply_ColourImage_SameMagnitudeInEveryChannel()
    {
        using var x = TestImages.Random(2, 3, 8, 8);
        using var g = new Generator(1);
        using var y = new SobelFilter().Apply(x, g);
        Assert.Equal(new long[] { 2, 3, 8, 8 }, y.shape);
        Assert.True(TestTensors.Same(y[.., 0], y[.., 2]));
    }
}

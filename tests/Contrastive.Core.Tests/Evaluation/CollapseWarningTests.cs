using Contrastive.Core.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Evaluation;

public class CollapseWarningTests
{
    [Fact]
    public void For_CollapsedEmbeddings_WarnsWithTheStdAndTheBaseline()
    {
        // Every row the same vector plus noise of 1e-4: the std per dimension is far below 1/sqrt(64).
        using var generator = new Generator(1);
        var z = ones(32, 64) + 1e-4 * randn(32, 64, generator: generator);

        var warning = CollapseWarning.For(z);

        Assert.NotNull(warning);
        Assert.Contains("collapsing", warning);
        Assert.Contains("1/sqrt(64) = 0.1250", warning);
    }

    [Fact]
    public void For_SpreadEmbeddings_NoWarning()
    {
        using var generator = new Generator(2);
        Assert.Null(CollapseWarning.For(randn(256, 64, generator: generator)));
    }

    [Theory]
    [InlineData(0.049, true)]
    [InlineData(0.05, false)]
    [InlineData(0.3, false)]
    public void For_RelativeStd_WarnsBelowTheThreshold(double relativeStd, bool warns) =>
        Assert.Equal(warns, CollapseWarning.For(relativeStd, 32) is not null);
}

using Contrastive.Core.Evaluation;
using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Evaluation;

public class MetricTextTests
{
    [Theory]
    [InlineData(6.9e-6, "6.90e-6")]        // the alignment of a collapsed model
    [InlineData(-4.4e-5, "-4.40e-5")]      // its uniformity
    [InlineData(0.0, "0.0000")]
    [InlineData(0.2468, "0.2468")]
    [InlineData(-2.5, "-2.5000")]
    [InlineData(0.001, "0.0010")]
    public void Format_SmallValuesInScientificNotation_OthersWithFourDecimals(double value, string expected) =>
        Assert.Equal(expected, MetricText.Format(value));

    [Fact]
    public void ConsoleLogObserverFormat_CollapsedMetrics_ShowTheirMagnitude()
    {
        var line = ConsoleLogObserver.Format(10, new Dictionary<string, double> { ["alignment"] = 6.9e-6, ["uniformity"] = -4.4e-5 });

        Assert.Equal("eval at step 10: alignment = 6.90e-6, uniformity = -4.40e-5", line);
    }
}

using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

public sealed class LinearScheduleTests
{
    [Fact]
    public void Factor_WithWarmup_RisesLinearlyThenDecaysToZero()
    {
        var schedule = new LinearSchedule(warmupSteps: 4, totalSteps: 12);

        double[] expected = [0, 0.25, 0.5, 0.75, 1, 7 / 8.0, 6 / 8.0, 5 / 8.0, 4 / 8.0, 3 / 8.0, 2 / 8.0, 1 / 8.0, 0];
        Assert.Equal(expected, Enumerable.Range(0, 13).Select(schedule.Factor));
        Assert.Equal(0, schedule.Factor(100));
    }

    [Fact]
    public void Factor_WithoutWarmup_StartsAtOne()
    {
        var schedule = new LinearSchedule(0, 4);

        Assert.Equal([1, 0.75, 0.5, 0.25, 0], Enumerable.Range(0, 5).Select(schedule.Factor));
    }

    [Fact]
    public void Factor_WarmupLongerThanTotal_NeverExceedsOne()
    {
        var schedule = new LinearSchedule(10, 5);

        Assert.All(Enumerable.Range(0, 20).Select(schedule.Factor), f => Assert.InRange(f, 0, 1));
        Assert.Equal(0.4, schedule.Factor(4));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    public void Constructor_InvalidSteps_Throws(int warmup, int total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearSchedule(warmup, total));

    [Fact]
    public void Factor_NegativeStep_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearSchedule(0, 5).Factor(-1));
}

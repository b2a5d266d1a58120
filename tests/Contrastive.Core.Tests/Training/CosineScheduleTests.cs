using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

public sealed class CosineScheduleTests
{
    [Fact]
    public void Factor_WarmupThenHalfCosine_MatchesTheFormula()
    {
        var schedule = new CosineSchedule(warmupSteps: 4, totalSteps: 12);

        Assert.Equal([0.0, 0.25, 0.5, 0.75], Enumerable.Range(0, 4).Select(schedule.Factor));
        Assert.Equal(1.0, schedule.Factor(4), 12);
        Assert.Equal(0.5, schedule.Factor(8), 12);                                 // half-way through the decay
        Assert.Equal((1 + Math.Cos(Math.PI / 4)) / 2, schedule.Factor(6), 12);
        Assert.Equal(0.0, schedule.Factor(12), 12);
        Assert.Equal(0.0, schedule.Factor(20), 12);                                // past the end it stays at 0
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(0, 0)]
    public void Constructor_InvalidSteps_Throws(int warmup, int total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(warmup, total));

    [Fact]
    public void Create_EachKind_GivesThatSchedule()
    {
        Assert.IsType<LinearSchedule>(ILearningRateSchedule.Create(LearningRateSchedule.Linear, 0, 5));
        Assert.IsType<CosineSchedule>(ILearningRateSchedule.Create(LearningRateSchedule.Cosine, 0, 5));
    }
}

using Contrastive.Core.Momentum;

namespace Contrastive.Core.Tests.Momentum;

public class CosineMomentumScheduleTests
{
    [Fact]
    public void At_StartMiddleEnd_FollowsBYOLFormula()
    {
        var s = new CosineMomentumSchedule(0.996);
        Assert.Equal(0.996, s.At(0, 100), 12);
        Assert.Equal(1 - 0.004 * 0.5, s.At(50, 100), 12);     // cos(pi/2) = 0
        Assert.Equal(1.0, s.At(100, 100), 12);
        double quarter = 1 - 0.004 * (Math.Cos(Math.PI / 4) + 1) / 2;
        Assert.Equal(quarter, s.At(25, 100), 12);
    }

    [Fact]
    public void At_IncreasingSteps_NonDecreasing()
    {
        var s = new CosineMomentumSchedule(0.9);
        double previous = 0;
        for (int k = 0; k <= 40; k++)
        {
            double tau = s.At(k, 40);
            Assert.True(tau >= previous);
            previous = tau;
        }
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    public void Constructor_BaseOutsideUnitInterval_Throws(double tau) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineMomentumSchedule(tau));
}

using Contrastive.Core.Losses;

namespace Contrastive.Core.Tests.Losses;

public class TemperatureGuardTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(1.0)]
    [InlineData(1e6)]
    public void RequirePositive_PositiveFinite_ReturnsIt(double tau) => Assert.Equal(tau, TemperatureGuard.RequirePositive(tau));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RequirePositive_ZeroNegativeNaNOrInfinite_ThrowsNamingTheParameter(double tau)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TemperatureGuard.RequirePositive(tau, "tau"));
        Assert.Equal("tau", e.ParamName);
        Assert.Contains("positive finite", e.Message);
    }
}

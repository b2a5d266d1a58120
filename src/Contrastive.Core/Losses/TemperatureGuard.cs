namespace Contrastive.Core.Losses;

/// <summary>The one check of a softmax temperature τ shared by the losses and evaluations that divide by it.</summary>
public static class TemperatureGuard
{
    /// <summary>Returns <paramref name="temperature"/> when it is a positive finite number; throws otherwise.</summary>
    /// <exception cref="ArgumentOutOfRangeException">τ is 0, negative, infinite or NaN.</exception>
    public static double RequirePositive(double temperature, string parameterName = "temperature")
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(parameterName, temperature, $"The temperature must be a positive finite number, but it is {temperature}.");
        return temperature;
    }
}

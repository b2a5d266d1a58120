using System.Globalization;

namespace Contrastive.Core.Evaluation;

/// <summary>
/// How metrics are printed: four decimals, or scientific notation with three significant digits when the value is
/// non-zero but below 0.001 in magnitude, so that a collapse (alignment 6.9e-6, uniformity -4.4e-5) does not print
/// as 0.0000 / -0.0000.
/// </summary>
public static class MetricText
{
    public static string Format(double value, int decimals = 4)
    {
        if (double.IsFinite(value) && value != 0 && Math.Abs(value) < 1e-3)
            return value.ToString("0.00e+0", CultureInfo.InvariantCulture);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}

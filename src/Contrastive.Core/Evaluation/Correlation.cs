namespace Contrastive.Core.Evaluation;

/// <summary>
/// Pearson and Spearman correlation coefficients, computed in double precision and matching
/// <c>scipy.stats.pearsonr</c> / <c>scipy.stats.spearmanr</c> (the functions SentEval's STS tasks call).
/// </summary>
public static class Correlation
{
    /// <summary>
    /// Pearson's r = sum_i (x_i - mean x)(y_i - mean y) / sqrt(sum_i (x_i - mean x)^2 * sum_i (y_i - mean y)^2),
    /// clipped to [-1, 1]. Like scipy, returns NaN when either input is constant or holds a NaN.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ or there are fewer than two items.</exception>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Validate(x, y);
        int n = x.Count;
        double meanX = 0, meanY = 0;
        for (int i = 0; i < n; i++) { meanX += x[i]; meanY += y[i]; }
        meanX /= n;
        meanY /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (double.IsNaN(sxy) || sxx == 0 || syy == 0) return double.NaN;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }

    /// <summary>
    /// Spearman's rho: the Pearson correlation of the ranks, tied values sharing the average of their ranks
    /// (scipy's <c>rankdata(method="average")</c>), so ties are handled exactly as by <c>scipy.stats.spearmanr</c>.
    /// Returns NaN when either input is constant or holds a NaN.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ or there are fewer than two items.</exception>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Validate(x, y);
        if (x.Any(double.IsNaN) || y.Any(double.IsNaN)) return double.NaN;
        return Pearson(AverageRanks(x), AverageRanks(y));
    }

    /// <summary>
    /// 1-based ranks of <paramref name="values"/>; a run of equal values gets the mean of the ranks it spans
    /// (e.g. [10, 20, 20, 30] -> [1, 2.5, 2.5, 4]).
    /// </summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
        var ranks = new double[n];
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && values[order[end]].CompareTo(values[order[start]]) == 0) end++;
            double rank = (start + 1 + end) / 2.0; // mean of the 1-based ranks start+1 .. end
            for (int k = start; k < end; k++) ranks[order[k]] = rank;
            start = end;
        }
        return ranks;
    }

    static void Validate(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"Correlation needs inputs of equal length, got {x.Count} and {y.Count}.");
        if (x.Count < 2)
            throw new ArgumentException($"Correlation needs at least 2 items, got {x.Count}.");
    }
}

using System.Globalization;

namespace Contrastive.Text.Tests.Baselines;

/// <summary>Minimal reader of the STS-B csv files (tab-separated; score in column 5, sentences in 6 and 7) for the baseline tests,
/// and the rank statistic they check.</summary>
internal static class StsBenchmarkFile
{
    public static List<(double Score, string A, string B)> Read(string path) =>
        File.ReadLines(path)
            .Select(line => line.Split('\t'))
            .Select(f => (double.Parse(f[4], CultureInfo.InvariantCulture), f[5], f[6]))
            .ToList();

    /// <summary>P(h &gt; l) over all pairs of a high and a low score, ties counting one half (the ROC AUC).</summary>
    public static double Auc(IReadOnlyList<double> high, IReadOnlyList<double> low)
    {
        double wins = 0;
        foreach (var h in high)
            foreach (var l in low)
                wins += h > l ? 1 : h == l ? 0.5 : 0;
        return wins / ((double)high.Count * low.Count);
    }
}

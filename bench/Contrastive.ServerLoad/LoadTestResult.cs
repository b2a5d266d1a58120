using System.Globalization;

namespace Contrastive.ServerLoad;

/// <summary>What a <see cref="LoadTest"/> measured: requests, errors and the sorted latencies in milliseconds.</summary>
internal sealed record LoadTestResult(int Clients, int InputsPerRequest, TimeSpan Elapsed, double[] LatenciesMs, int Errors, string[] ErrorSamples)
{
    public int Requests => LatenciesMs.Length;

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double SentencesPerSecond => RequestsPerSecond * InputsPerRequest;

    /// <summary>The q-quantile by the nearest-rank method: the smallest latency with at least q of them at or below it.</summary>
    public double Percentile(double q) =>
        LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Clamp((int)Math.Ceiling(q * LatenciesMs.Length) - 1, 0, LatenciesMs.Length - 1)];

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{Clients} clients x {InputsPerRequest} input(s)/request, {Elapsed.TotalSeconds:F1} s: {Requests} requests, {Errors} errors, " +
        $"{RequestsPerSecond:F1} requests/s ({SentencesPerSecond:F1} sentences/s), latency p50 {Percentile(0.50):F1} ms, " +
        $"p90 {Percentile(0.90):F1} ms, p99 {Percentile(0.99):F1} ms, max {(LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[^1]):F1} ms");
}

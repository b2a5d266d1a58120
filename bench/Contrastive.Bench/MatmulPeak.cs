using System.Diagnostics;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// Measures this machine's matrix-multiply peak (GFLOP/s) with the same LibTorch build the project uses, so other
/// benchmarks can report their speed as a fraction of it, measured in the same run on the same (noisy) machine.
/// </summary>
public static class MatmulPeak
{
    /// <summary>Best GFLOP/s over <paramref name="repeats"/> timings of an n x n x n matmul.</summary>
    public static double Measure(ScalarType dtype = ScalarType.Float32, int n = 1024, int repeats = 10)
    {
        using var scope = NewDisposeScope();
        var gen = new Generator(0);
        var a = randn(new long[] { n, n }, generator: gen).to(dtype);
        var b = randn(new long[] { n, n }, generator: gen).to(dtype);
        for (int i = 0; i < 3; i++) a.matmul(b).Dispose();   // warm-up
        double best = 0;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            sw.Stop();
            best = Math.Max(best, 2.0 * n * n * n / sw.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }
}

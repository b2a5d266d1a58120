using System.Diagnostics;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// This machine's memory bandwidth as LibTorch sees it with the current thread count, the physical limit of an exact
/// vector search (which must read the whole corpus): read bandwidth = bytes of a large float32 tensor / time of its
/// <c>sum()</c>, copy bandwidth = 2 x bytes / time of <c>dst.copy_(src)</c> (one read, one write). Best of a few runs.
/// </summary>
public static class MemoryBandwidth
{
    /// <summary>(read GB/s, copy GB/s) over a tensor of <paramref name="megabytes"/> MB, far larger than any cache.</summary>
    public static (double ReadGBps, double CopyGBps) Measure(int megabytes = 1024, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        long n = (long)megabytes * 1024 * 1024 / sizeof(float);
        var src = ones(n);
        var dst = empty(n);
        double bytes = n * (double)sizeof(float);
        src.sum().Dispose();   // warm-up: pages touched
        dst.copy_(src);
        double read = 0, copy = 0;
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            src.sum().Dispose();
            read = Math.Max(read, bytes / sw.Elapsed.TotalSeconds / 1e9);
            sw.Restart();
            dst.copy_(src);
            copy = Math.Max(copy, 2 * bytes / sw.Elapsed.TotalSeconds / 1e9);
        }
        return (read, copy);
    }
}

using System.Diagnostics;
using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// Exact search speed: an <see cref="ExactInnerProductIndex"/> over N random unit vectors (default 1,000,000 x 256,
/// float32, 1 GB), queried one at a time and in batches of 64; the corpus bytes scanned per second are compared with the
/// memory bandwidth measured in the same process (<see cref="MemoryBandwidth"/>): a single query is a matrix-vector
/// product, bound by reading the corpus; a batch is a matrix product, bound by arithmetic, so its FLOP/s are also
/// compared with the matmul peak measured in the same process.
/// </summary>
public static class ExactSearchBenchmark
{
    public static int Run(int n = 1_000_000, int dim = 256, int singleQueries = 30, int batches = 6, int batchSize = 64)
    {
        Console.WriteLine($"exact search: {n:N0} random unit vectors of dimension {dim}, threads {get_num_threads()}");
        var (read, copy) = MemoryBandwidth.Measure();
        double peak = MatmulPeak.Measure();
        Console.WriteLine($"  memory bandwidth: read (sum) {read:F1} GB/s, copy {copy:F1} GB/s; float32 matmul peak {peak:F1} GFLOP/s");

        using var scope = NewDisposeScope();
        var g = new Generator(1);
        using var index = new ExactInnerProductIndex(dim);
        var names = new string[n];
        Array.Fill(names, "");
        var sw = Stopwatch.StartNew();
        for (int start = 0; start < n; start += 100_000)
        {
            using var chunkScope = NewDisposeScope();
            int rows = Math.Min(100_000, n - start);
            index.Add(randn(rows, dim, generator: g), names.AsSpan(start, rows).ToArray());
        }
        Console.WriteLine($"  built in {sw.Elapsed.TotalSeconds:F1} s");
        double corpusBytes = (double)n * dim * sizeof(float);
        var queries = nn.functional.normalize(randn(Math.Max(singleQueries, batches * batchSize), dim, generator: g), p: 2, dim: 1);

        index.Search(queries.narrow(0, 0, 1), 10);   // warm-up
        var single = new List<double>();
        for (int i = 0; i < singleQueries; i++)
        {
            sw.Restart();
            index.Search(queries.narrow(0, i, 1), 10);
            single.Add(sw.Elapsed.TotalSeconds);
        }
        double medianSingle = Median(single);
        Console.WriteLine($"  single query (top 10): median {medianSingle * 1e3:F1} ms -> {1 / medianSingle:F1} QPS, " +
                          $"scanning {corpusBytes / medianSingle / 1e9:F2} GB/s = {corpusBytes / medianSingle / 1e9 / read * 100:F0}% of read bandwidth");

        var batched = new List<double>();
        for (int b = 0; b < batches; b++)
        {
            sw.Restart();
            index.Search(queries.narrow(0, b * batchSize, batchSize), 10);
            batched.Add(sw.Elapsed.TotalSeconds);
        }
        double medianBatch = Median(batched);
        Console.WriteLine($"  batch of {batchSize} (top 10): median {medianBatch * 1e3:F0} ms -> {batchSize / medianBatch:F1} QPS, " +
                          $"scanning {corpusBytes / medianBatch / 1e9:F2} GB/s = {corpusBytes / medianBatch / 1e9 / read * 100:F0}% of read bandwidth; " +
                          $"{2.0 * batchSize * n * dim / medianBatch / 1e9:F1} GFLOP/s = {2.0 * batchSize * n * dim / medianBatch / 1e9 / peak * 100:F0}% of the matmul peak");
        return 0;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

using System.Diagnostics;
using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// IVF recall and speed on clustered synthetic data: N unit vectors normalize(μ_c + σ ε) around <c>clusters</c> random
/// unit centres (ε standard normal per dimension), queries drawn the same way (not in the corpus). For each number of
/// cells an <see cref="IvfIndex"/> is trained (k-means on a sample of <c>pointsPerCell</c> points per cell), then for each nprobe:
/// recall@10 against the exact index and the single-query speed-up over exact search, both measured here.
/// </summary>
public static class IvfSearchBenchmark
{
    public static int Run(int n = 1_000_000, int dim = 256, int clusters = 10_000, double sigma = 0.05, int queries = 100,
        int[]? cellCounts = null, int[]? nprobes = null, int iterations = 10, int pointsPerCell = 64)
    {
        cellCounts ??= [1024];
        nprobes ??= [1, 4, 16, 32, 64, 128];
        Console.WriteLine($"IVF: {n:N0} clustered unit vectors, dimension {dim}, {clusters:N0} clusters, sigma {sigma}, {queries} queries, " +
                          $"k-means {iterations} iterations on {pointsPerCell} points per cell, threads {get_num_threads()}");
        using var scope = NewDisposeScope();
        var g = new Generator(2);
        var centres = nn.functional.normalize(randn(clusters, dim, generator: g), p: 2, dim: 1);
        Tensor Sample(int count) =>
            nn.functional.normalize(centres.index_select(0, randint(clusters, count, generator: g)) + sigma * randn(count, dim, generator: g), p: 2, dim: 1);
        var corpus = Sample(n);
        var q = Sample(queries);
        var names = new string[n];
        Array.Fill(names, "");

        using var exact = new ExactInnerProductIndex(dim);
        exact.Add(corpus, names);
        exact.Search(q.narrow(0, 0, 1), 10);
        var sw = Stopwatch.StartNew();
        var truth = new List<HashSet<int>>();
        for (int i = 0; i < queries; i++) truth.Add(exact.Search(q.narrow(0, i, 1), 10)[0].Select(m => m.Index).ToHashSet());
        double exactPerQuery = sw.Elapsed.TotalSeconds / queries;
        Console.WriteLine($"  exact single query: {exactPerQuery * 1e3:F1} ms ({1 / exactPerQuery:F1} QPS)");

        foreach (int cells in cellCounts)
        {
            sw.Restart();
            using var ivf = new IvfIndex(dim, new IvfOptions { Cells = cells, Iterations = iterations, MaxTrainingPointsPerCell = pointsPerCell });
            ivf.Add(corpus, names);
            var sizes = ivf.CellSizes();
            Console.WriteLine($"  cells {cells}: trained and filled in {sw.Elapsed.TotalSeconds:F1} s; cell sizes min {sizes.Min()}, median {sizes.Order().ElementAt(sizes.Length / 2)}, max {sizes.Max()}");
            foreach (int nprobe in nprobes.Where(p => p <= cells))
            {
                ivf.Search(q.narrow(0, 0, 1), 10, nprobe);
                double hits = 0;
                sw.Restart();
                var results = new List<IReadOnlyList<IndexMatch>>();
                for (int i = 0; i < queries; i++) results.Add(ivf.Search(q.narrow(0, i, 1), 10, nprobe)[0]);
                double perQuery = sw.Elapsed.TotalSeconds / queries;
                for (int i = 0; i < queries; i++) hits += results[i].Count(m => truth[i].Contains(m.Index));
                Console.WriteLine($"    nprobe {nprobe,3}: recall@10 {hits / (10.0 * queries):F3}, {perQuery * 1e3:F2} ms/query ({1 / perQuery:F0} QPS), " +
                                  $"speed-up x{exactPerQuery / perQuery:F1} over exact");
            }
        }
        return 0;
    }
}

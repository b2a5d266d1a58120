using System.Diagnostics;
using Contrastive.Embeddings;
using Contrastive.Embeddings.Quantization;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// Quantised search (<see cref="QuantizedIndex"/>, int8 and binary) against exact float search
/// (<see cref="SemanticSearch"/>) on clustered synthetic data like <see cref="IvfSearchBenchmark"/>'s: recall@10 of the
/// code comparison alone and with float rescoring (rescore multiplier 4), memory of the codes, and single-query time.
/// </summary>
public static class QuantizedSearchBenchmark
{
    public static int Run(int n = 200_000, int dim = 256, int clusters = 2_000, double sigma = 0.05, int queries = 50)
    {
        Console.WriteLine($"quantised search: {n:N0} clustered unit vectors, dimension {dim}, {clusters:N0} clusters, sigma {sigma}, " +
                          $"{queries} queries, threads {get_num_threads()}");
        using var scope = NewDisposeScope();
        var g = new Generator(3);
        var centres = nn.functional.normalize(randn(clusters, dim, generator: g), p: 2, dim: 1);
        Tensor Sample(int count) =>
            nn.functional.normalize(centres.index_select(0, randint(clusters, count, generator: g)) + sigma * randn(count, dim, generator: g), p: 2, dim: 1);
        var corpus = Sample(n);
        var q = Sample(queries);

        SemanticSearch.Search(q.narrow(0, 0, 1), corpus, 10);
        var sw = Stopwatch.StartNew();
        var exact = Enumerable.Range(0, queries).Select(i => SemanticSearch.Search(q.narrow(0, i, 1), corpus, 10)[0]).ToArray();
        double exactMs = sw.Elapsed.TotalMilliseconds / queries;
        Console.WriteLine($"  exact float32: {exactMs:F1} ms/query, {(long)n * dim * 4 / 1e6:F0} MB of vectors");

        foreach (var precision in new[] { QuantizationPrecision.Int8, QuantizationPrecision.UBinary })
        {
            using var index = new QuantizedIndex(corpus, precision);
            foreach (bool rescore in new[] { false, true })
            {
                index.Search(q.narrow(0, 0, 1), 10, rescore: rescore);
                sw.Restart();
                var hits = Enumerable.Range(0, queries).Select(i => index.Search(q.narrow(0, i, 1), 10, rescore: rescore)[0]).ToArray();
                double ms = sw.Elapsed.TotalMilliseconds / queries;
                double recall = hits.Zip(exact, (h, e) => h.Count(x => e.Any(y => y.CorpusId == x.CorpusId)) / 10.0).Average();
                Console.WriteLine($"  {precision,-7} {(rescore ? "rescored x4" : "codes only "),-11}: recall@10 {recall:F3}, {ms:F1} ms/query " +
                                  $"(x{exactMs / ms:F2} of exact), codes {index.CodeBytes / 1e6:F1} MB");
            }
        }
        return 0;
    }
}

using System.Diagnostics;
using Contrastive.Core.Serialization;
using Contrastive.Embeddings.AI;
using Contrastive.Embeddings.Indexes;
using Contrastive.Embeddings.Postgres;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// pgvector's HNSW (through <see cref="PostgresVectorStoreCollection"/>) against our <see cref="ExactInnerProductIndex"/>
/// and <see cref="IvfIndex"/> on the same unit vectors: recall@10 against the exact top 10 and single-query
/// queries/s, all measured in one run (the server on the same machine, one client connection, queries one at a time).
/// Data: the IVF benchmark's clustered synthetic vectors (normalize(μ_c + σ ε)), or the rows of an embeddings .npy
/// (e.g. <c>contrastive encode</c> of a real corpus), whose last <c>queries</c> rows are the queries and the first
/// <c>n</c> of the others the corpus.
/// The server comes from <c>CONTRASTIVE_PG</c> (bench/pgvector.sh starts a throwaway one).
/// </summary>
public static class PgvectorSearchBenchmark
{
    public static int Run(string data, int n = 100_000, int queries = 200, int[]? efSearches = null, int[]? nprobes = null)
    {
        efSearches ??= [40, 100, 200];
        nprobes ??= [4, 16, 64];
        using var scope = NewDisposeScope();
        Tensor corpus, q;
        string label;
        if (data == "synthetic")
        {
            const int dim = 256, clusters = 1000;
            const double sigma = 0.05;
            var g = new Generator(2);
            var centres = nn.functional.normalize(randn(clusters, dim, generator: g), p: 2, dim: 1);
            Tensor Sample(int count) =>
                nn.functional.normalize(centres.index_select(0, randint(clusters, count, generator: g)) + sigma * randn(count, dim, generator: g), p: 2, dim: 1);
            corpus = Sample(n);
            q = Sample(queries);
            label = $"synthetic: {n:N0} clustered unit vectors, dimension {dim}, {clusters:N0} clusters, sigma {sigma}";
        }
        else
        {
            var all = nn.functional.normalize(NpyFile.Load(data), p: 2, dim: 1);
            int rows = (int)all.shape[0];
            corpus = all.narrow(0, 0, Math.Min(n, rows - queries));
            q = all.narrow(0, rows - queries, queries);
            label = $"{Path.GetFileName(data)}: first {corpus.shape[0]:N0} embeddings, dimension {all.shape[1]}, last {queries} rows as queries";
        }
        int count = (int)corpus.shape[0], d = (int)corpus.shape[1];
        Console.WriteLine($"{label}; {queries} queries, threads {get_num_threads()}");
        var names = Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        using var exact = new ExactInnerProductIndex(d);
        exact.Add(corpus, names);
        var (truth, exactQps) = Measure(i => exact.Search(q.narrow(0, i, 1), 10)[0].Select(m => m.Index).ToArray(), queries);
        Console.WriteLine($"  exact (ours):          recall@10 1.000, {exactQps,8:F1} QPS  x1.00");

        int cells = Math.Max(16, (int)Math.Sqrt(count) * 2);
        var sw = Stopwatch.StartNew();
        using var ivf = new IvfIndex(d, new IvfOptions { Cells = cells, Iterations = 10 });
        ivf.Add(corpus, names);
        Console.WriteLine($"  IVF {cells} cells built in {sw.Elapsed.TotalSeconds:F1} s");
        foreach (int nprobe in nprobes)
        {
            var (found, qps) = Measure(i => ivf.Search(q.narrow(0, i, 1), 10, nprobe)[0].Select(m => m.Index).ToArray(), queries);
            Console.WriteLine($"  IVF nprobe {nprobe,3} (ours):  recall@10 {Recall(truth, found):F3}, {qps,8:F1} QPS  x{qps / exactQps:F2}");
        }

        var cs = Environment.GetEnvironmentVariable(PostgresStoreOptions.EnvironmentVariable)
            ?? throw new InvalidOperationException($"set {PostgresStoreOptions.EnvironmentVariable} (bench/pgvector.sh starts a server)");
        using var collection = new PostgresVectorStoreCollection("bench_" + (data == "synthetic" ? "synthetic" : "npy"), null, d,
            new PostgresStoreOptions(cs, BatchSize: 1000));
        collection.EnsureCollectionDeletedAsync().GetAwaiter().GetResult();
        var flat = corpus.contiguous().data<float>().ToArray();
        sw.Restart();
        collection.UpsertAsync(Enumerable.Range(0, count).Select(i => new SentenceRecord
        {
            Key = names[i], Text = "", Vector = flat.AsMemory(i * d, d),
        })).GetAwaiter().GetResult();
        Console.WriteLine($"  pgvector: {count:N0} rows upserted into an HNSW table (m 16, ef_construction 64) in {sw.Elapsed.TotalSeconds:F1} s ({count / sw.Elapsed.TotalSeconds:F0} rows/s)");
        var queryRows = Enumerable.Range(0, queries).Select(i => q.narrow(0, i, 1).contiguous().data<float>().ToArray()).ToArray();
        foreach (int ef in efSearches)
        {
            using var tuned = new PostgresVectorStoreCollection(collection.Name, null, d, new PostgresStoreOptions(cs, HnswEfSearch: ef));
            tuned.NearestAsync(queryRows[0], 10).GetAwaiter().GetResult();
            var (found, qps) = Measure(i => tuned.NearestAsync(queryRows[i], 10).GetAwaiter().GetResult()
                .Select(m => int.Parse(m.Record.Key, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), queries);
            Console.WriteLine($"  pgvector HNSW ef_search {ef,3}: recall@10 {Recall(truth, found):F3}, {qps,8:F1} QPS  x{qps / exactQps:F2}");
        }
        collection.EnsureCollectionDeletedAsync().GetAwaiter().GetResult();
        return 0;
    }

    static (int[][] Results, double Qps) Measure(Func<int, int[]> search, int queries)
    {
        search(0);
        var sw = Stopwatch.StartNew();
        var results = Enumerable.Range(0, queries).Select(search).ToArray();
        return (results, queries / sw.Elapsed.TotalSeconds);
    }

    static double Recall(int[][] truth, int[][] found) =>
        truth.Select((t, i) => found[i].Count(t.Contains)).Sum() / (double)truth.Sum(t => t.Length);
}

using System.CommandLine;
using System.Globalization;
using Contrastive.Core;
using Contrastive.Embeddings;
using Contrastive.Embeddings.Backends;
using Contrastive.Embeddings.Indexes;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive search</c>: the SimCSE tool's <c>search</c> over a saved index: for each query, the indexed
/// sentences with cosine ≥ <c>--threshold</c>, at most <c>--top-k</c>, best first. Queries are encoded with the
/// model recorded in <c>index.json</c> unless <c>--model</c> names another. The index may be exact or IVF (its kind is
/// read from <c>index.json</c>); <c>--nprobe</c> overrides the IVF index's recorded number of cells searched.
/// </summary>
public static class SearchCommand
{
    /// <param name="output">Where results are written (default: the console).</param>
    public static Command Create(TextWriter? output = null)
    {
        var index = new Option<string>("--index") { Description = "Index folder written by 'contrastive index build' (with --store postgres: the table).", Required = true };
        var query = new Option<string[]>("--query") { Description = "Query sentence (repeat for several).", Required = true };
        var topK = new Option<int>("--top-k") { Description = "Results per query at most.", DefaultValueFactory = _ => SentenceEmbedder.DefaultTopK };
        var threshold = new Option<double>("--threshold") { Description = "Keep results with cosine at least this.", DefaultValueFactory = _ => SentenceEmbedder.DefaultThreshold };
        var model = new Option<string?>("--model") { Description = "Model folder for the queries (default: the one recorded in the index)." };
        var nprobe = new Option<int?>("--nprobe") { Description = "IVF index: cells searched per query (default: as recorded in the index)." };
        var dtype = EncodeCommand.DtypeOption();
        var backend = EncodeCommand.BackendOption();
        var store = PostgresStore.StoreOption();
        var connection = PostgresStore.ConnectionOption();

        var search = new Command("search", "Find the indexed sentences most similar to each query.") { index, query, topK, threshold, model, nprobe, dtype, backend, store, connection };
        search.SetAction(p =>
        {
            int k = p.GetValue(topK);
            if (k < 1) throw new ContrastiveException($"--top-k must be at least 1, not {k}.");
            double t = p.GetValue(threshold);
            if (double.IsNaN(t)) throw new ContrastiveException("--threshold must be a number, not NaN.");
            var queries = p.GetValue(query)!;
            if (queries.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
                throw new ContrastiveException("--query is empty; give some text.");
            var indexDir = p.GetValue(index)!;
            var type = EncodeCommand.ParseDtype(p.GetValue(dtype)!);

            var engine = InferenceBackendNames.Parse(p.GetValue(backend)!);
            SentenceEmbedder embedder = PostgresStore.Selected(p.GetValue(store)!, p.GetValue(connection))
                ? OpenPostgres(indexDir, p.GetValue(model), p.GetValue(nprobe), type, engine, p.GetValue(connection))
                : OpenFolder(indexDir, p.GetValue(model), p.GetValue(nprobe), type, engine);
            using (embedder)
            {
                var results = embedder.Search(queries, t, k);
                // Plain Console output: one line per hit, never re-wrapped to the terminal width.
                var writer = output ?? Console.Out;
                for (int i = 0; i < queries.Length; i++)
                {
                    if (i > 0) writer.WriteLine();
                    writer.WriteLine($"query: {queries[i]}");
                    if (results[i].Count == 0)
                        writer.WriteLine($"  (no indexed sentence has cosine >= {t.ToString(CultureInfo.InvariantCulture)})");
                    for (int j = 0; j < results[i].Count; j++)
                        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{j + 1,3}  {results[i][j].Score:F4}  {results[i][j].Sentence}"));
                }
            }
            return 0;
        });
        return search;
    }

    /// <summary>The model of --model with the PostgreSQL table <paramref name="table"/> as its index.</summary>
    static SentenceEmbedder OpenPostgres(string table, string? model, int? nprobe, TorchSharp.torch.ScalarType type, InferenceBackend backend, string? connection)
    {
        if (nprobe is not null) throw new ContrastiveException("--nprobe applies to an IVF index folder, not to a PostgreSQL table.");
        if (model is null) throw new ContrastiveException("--store postgres needs --model (the model that embedded the table).");
        var embedder = SentenceEmbedder.Load(model, dtype: type, backend: backend);
        try
        {
            embedder.UseIndex(PostgresStore.Open(table, embedder, connection));
            return embedder;
        }
        catch
        {
            embedder.Dispose();
            throw;
        }
    }

    /// <summary>The index folder <paramref name="indexDir"/> with the model of --model or of its index.json.</summary>
    static SentenceEmbedder OpenFolder(string indexDir, string? model, int? nprobe, TorchSharp.torch.ScalarType type, InferenceBackend backend)
    {
        var loaded = VectorIndexFolder.Load(indexDir);
        try
        {
            if (nprobe is { } probe)
            {
                if (loaded is not IvfIndex ivf)
                    throw new ContrastiveException($"--nprobe applies to an IVF index, but {indexDir} holds a {loaded.Kind} index.");
                if (probe < 1) throw new ContrastiveException($"--nprobe must be at least 1, not {probe}.");
                ivf.NProbe = probe;
            }
            var embedder = SentenceEmbedder.Load(ModelFolder(model, loaded, indexDir), dtype: type, backend: backend);
            embedder.UseIndex(loaded);
            return embedder;
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>--model if given, else the folder recorded in index.json, which must still exist.</summary>
    static string ModelFolder(string? option, IVectorIndex index, string indexDir)
    {
        if (option is not null) return option;
        var manifest = Path.Combine(indexDir, VectorIndexManifest.FileName);
        if (index.Model is null)
            throw new ContrastiveException($"{manifest} records no model folder; pass --model.");
        if (!Directory.Exists(index.Model))
            throw new ContrastiveException($"{manifest} records the model folder {index.Model}, which does not exist; pass --model.");
        return index.Model;
    }
}

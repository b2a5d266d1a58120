using System.CommandLine;
using Contrastive.Core;
using Contrastive.Embeddings;
using Contrastive.Embeddings.Backends;
using Contrastive.Embeddings.Indexes;
using Contrastive.Text.Data;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive index build</c>: encodes a corpus to unit vectors and saves a searchable index for
/// <c>contrastive search</c>: exact inner product by default, or with <c>--ivf</c> an inverted-file index of
/// <c>--cells</c> k-means cells searching <c>--nprobe</c> of them (SimCSE's faiss_fast: 100 and 10).
/// </summary>
public static class IndexCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder, or all-MiniLM-L6-v2 | arctic-embed-xs (the full path is recorded in index.json).", Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "Sentences to index, one per line (.tsv: last column).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Index folder to write (with --store postgres: the table).", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => SentenceEmbedder.DefaultBatchSize };
        var ivf = new Option<bool>("--ivf") { Description = "Build an IVF (k-means cells) index instead of an exact one." };
        var cells = new Option<int?>("--cells") { Description = $"IVF cells (default {IvfOptions.DefaultCells}; at most one per sentence)." };
        var nprobe = new Option<int?>("--nprobe") { Description = $"IVF cells searched per query (default {IvfOptions.DefaultNProbe}); recorded in the index." };
        var seed = new Option<int>("--seed") { Description = "Seed of the IVF k-means.", DefaultValueFactory = _ => IvfOptions.DefaultSeed };
        var dtype = EncodeCommand.DtypeOption();
        var backend = EncodeCommand.BackendOption();
        var store = PostgresStore.StoreOption();
        var connection = PostgresStore.ConnectionOption();

        var build = new Command("build", "Encode a corpus and save a searchable index.") { model, corpus, output, batchSize, ivf, cells, nprobe, seed, dtype, backend, store, connection };
        build.SetAction(p =>
        {
            bool useIvf = p.GetValue(ivf);
            if (PostgresStore.Selected(p.GetValue(store)!, p.GetValue(connection)))
            {
                if (useIvf || p.GetValue(cells) is not null || p.GetValue(nprobe) is not null)
                    throw new ContrastiveException("--ivf, --cells and --nprobe apply to an index folder; a PostgreSQL table has its own HNSW index.");
                var lines = SentenceCorpus.ReadLines(p.GetValue(corpus)!);
                using var pgEmbedder = SentenceEmbedder.Load(p.GetValue(model)!, batchSize: OptionValues.Positive(p.GetValue(batchSize), "--batch-size"),
                                                           dtype: EncodeCommand.ParseDtype(p.GetValue(dtype)!),
                                                           backend: InferenceBackendNames.Parse(p.GetValue(backend)!));
                long rows = PostgresStore.Build(p.GetValue(output)!, p.GetValue(model)!, pgEmbedder, lines, p.GetValue(connection));
                AnsiConsole.WriteLine($"indexed {lines.Count} sentences ({pgEmbedder.Dimension} dimensions, {Embeddings.Postgres.PostgresVectorStoreCollection.KindName}) into PostgreSQL table {p.GetValue(output)} ({rows} rows)");
                return 0;
            }
            if (!useIvf && (p.GetValue(cells) is not null || p.GetValue(nprobe) is not null))
                throw new ContrastiveException("--cells and --nprobe apply to an IVF index: add --ivf.");
            var options = useIvf
                ? new IvfOptions
                {
                    Cells = OptionValues.Positive(p.GetValue(cells) ?? IvfOptions.DefaultCells, "--cells"),
                    NProbe = OptionValues.Positive(p.GetValue(nprobe) ?? IvfOptions.DefaultNProbe, "--nprobe"),
                    Seed = p.GetValue(seed),
                }
                : null;
            var type = EncodeCommand.ParseDtype(p.GetValue(dtype)!);
            int batch = OptionValues.Positive(p.GetValue(batchSize), "--batch-size");
            var outDir = OutputPath.Folder(p.GetValue(output)!, "--out");
            var sentences = SentenceCorpus.ReadLines(p.GetValue(corpus)!);
            if (useIvf && p.GetValue(cells) is { } askedCells && askedCells > sentences.Count)
                p.InvocationConfiguration.Error.WriteLine($"warning: --cells {askedCells} is more than the {sentences.Count} sentences of {string.Join(", ", p.GetValue(corpus)!)}; the index uses one cell per sentence ({sentences.Count} cells).");
            using var embedder = SentenceEmbedder.Load(p.GetValue(model)!, batchSize: batch, dtype: type,
                                                       backend: InferenceBackendNames.Parse(p.GetValue(backend)!));
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("encoding", maxValue: sentences.Count);
                if (options is null) embedder.BuildIndex(sentences, n => task.Value = n);
                else embedder.BuildIndex(sentences, options, n => task.Value = n);
            });
            embedder.Index!.Save(outDir);
            var kind = embedder.Index is IvfIndex built ? $"{IvfIndex.KindName}, {built.Cells} cells, nprobe {built.NProbe}" : ExactInnerProductIndex.KindName;
            AnsiConsole.WriteLine($"indexed {embedder.Index.Count} sentences ({embedder.Dimension} dimensions, {kind}) into {outDir}");
            return 0;
        });

        return new Command("index", "Build sentence indexes for search.") { build };
    }
}

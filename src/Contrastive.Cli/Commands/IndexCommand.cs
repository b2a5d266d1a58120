using System.CommandLine;
using Contrastive.Core;
using Contrastive.Embeddings;
using Contrastive.Text.Data;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive index build</c>: encodes a corpus to unit vectors and saves an exact inner-product index
/// (vectors.safetensors, sentences.jsonl, index.json recording the model folder) for <c>contrastive search</c>.
/// </summary>
public static class IndexCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (its full path is recorded in index.json).", Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "Sentences to index, one per line (.tsv: last column).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Index folder to write.", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => SentenceEmbedder.DefaultBatchSize };

        var build = new Command("build", "Encode a corpus and save a searchable index.") { model, corpus, output, batchSize };
        build.SetAction(p =>
        {
            var sentences = SentenceCorpus.ReadLines(p.GetValue(corpus)!);
            using var embedder = SentenceEmbedder.Load(p.GetValue(model)!, batchSize: Positive(p.GetValue(batchSize), "--batch-size"));
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("encoding", maxValue: sentences.Count);
                embedder.BuildIndex(sentences, n => task.Value = n);
            });
            var outDir = p.GetValue(output)!;
            embedder.Index!.Save(outDir);
            AnsiConsole.WriteLine($"indexed {embedder.Index.Count} sentences ({embedder.Dimension} dimensions) into {outDir}");
            return 0;
        });

        return new Command("index", "Build sentence indexes for search.") { build };
    }

    static int Positive(int value, string option) =>
        value >= 1 ? value : throw new ContrastiveException($"{option} must be at least 1, not {value}.");
}

using System.CommandLine;
using System.Globalization;
using Contrastive.Core;
using Contrastive.Embeddings;
using Contrastive.Embeddings.Backends;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive similarity --model DIR A B</c>: the cosine similarity of two sentences' embeddings.</summary>
public static class SimilarityCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder, or all-MiniLM-L6-v2 | arctic-embed-xs.", Required = true };
        var pooler = PoolerOption.Override();
        var dtype = EncodeCommand.DtypeOption();
        var backend = EncodeCommand.BackendOption();
        var first = new Argument<string>("a") { Description = "First sentence." };
        var second = new Argument<string>("b") { Description = "Second sentence." };

        var similarity = new Command("similarity", "Print the cosine similarity of two sentences.") { model, pooler, dtype, backend, first, second };
        similarity.SetAction(p =>
        {
            foreach (var (name, text) in new[] { ("a", p.GetValue(first)!), ("b", p.GetValue(second)!) })
                if (string.IsNullOrWhiteSpace(text)) throw new ContrastiveException($"Sentence {name} is empty; give some text.");
            var type = EncodeCommand.ParseDtype(p.GetValue(dtype)!);
            using var embedder = SentenceEmbedder.Load(p.GetValue(model)!, PoolerOption.GetOverride(p, pooler), dtype: type,
                                                       backend: InferenceBackendNames.Parse(p.GetValue(backend)!));
            double cosine = embedder.Similarity(p.GetValue(first)!, p.GetValue(second)!);
            AnsiConsole.WriteLine(cosine.ToString("F6", CultureInfo.InvariantCulture));
            return 0;
        });
        return similarity;
    }
}

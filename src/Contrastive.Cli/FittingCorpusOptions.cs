using System.CommandLine;
using Contrastive.Core;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Spectre.Console;
using static TorchSharp.torch;

namespace Contrastive.Cli;

/// <summary>
/// The options of the post-processing commands that fit a map on a corpus's embeddings and save it with a copy of
/// the model (<c>whiten</c>, <c>flow</c>): <c>--model --corpus --output --pooler --max-sentences</c>, and the
/// encoding of the corpus with a progress bar.
/// </summary>
public sealed class FittingCorpusOptions(string what)
{
    public Option<string> Model { get; } = new("--model") { Description = $"Model folder to {what}, or all-MiniLM-L6-v2 | arctic-embed-xs.", Required = true };
    public Option<string[]> Corpus { get; } = new("--corpus") { Description = "Sentences to fit on (one per line; .tsv: last column).", Required = true, AllowMultipleArgumentsPerToken = true };
    public Option<string> Output { get; } = new("--output") { Description = "New model folder: a copy of --model with the fitted step added.", Required = true };
    public Option<string?> Pooler { get; } = PoolerOption.Override("Pooler to fit and save with (default: the model's).");
    public Option<int> MaxSentences { get; } = new("--max-sentences") { Description = "Fit on at most this many sentences (the first ones).", DefaultValueFactory = _ => 20000 };

    public IEnumerable<Option> All => [Model, Corpus, Output, Pooler, MaxSentences];

    /// <summary>The source and target folders (which must differ), the fitting sentences and the source's encoder.</summary>
    public (string Source, string Target, string[] Sentences, SentenceEncoder Encoder) Read(ParseResult p)
    {
        var target = OutputPath.Folder(p.GetValue(Output)!, "--output");
        var source = ModelLocator.Resolve(p.GetValue(Model)!);
        if (Path.GetFullPath(source) == Path.GetFullPath(target))
            throw new ContrastiveException("--output must differ from --model (the original model is kept).");
        var sentences = SentenceCorpus.ReadLines(p.GetValue(Corpus)!).Take(p.GetValue(MaxSentences)).ToArray();
        return (source, target, sentences, SentenceEncoderFolder.Load(source, PoolerOption.GetOverride(p, Pooler)));
    }

    /// <returns>(N, H) float32 embeddings of <paramref name="sentences"/>, encoded with a progress bar.</returns>
    public static Tensor Encode(SentenceEncoder encoder, IReadOnlyList<string> sentences, int batchSize) =>
        AnsiConsole.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("encoding", maxValue: sentences.Count);
            return encoder.Encode(sentences, batchSize, progress: n => task.Value = n);
        });
}

using System.CommandLine;
using Contrastive.Core;
using Contrastive.Core.PostProcessing;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive whiten</c>: fits BERT-whitening (Su et al. 2021) on a corpus's embeddings and saves it with a copy
/// of the model, so every later <c>encode</c>, <c>eval</c> or search applies it: the whitening is a Dense module (weight Wᵀ,
/// bias −μW, identity) of the copy's <c>modules.json</c> pipeline, so <c>SentenceTransformer(dir)</c> applies it too.
/// </summary>
public static class WhitenCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder to whiten, or all-MiniLM-L6-v2 | arctic-embed-xs.", Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "Sentences to fit mu and the covariance on (one per line; .tsv: last column).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--output") { Description = "New model folder: a copy of --model with the whitening added.", Required = true };
        var k = new Option<int?>("--k") { Description = "Keep the first k whitened dimensions (dimensionality reduction)." };
        var pooler = new Option<string?>("--pooler") { Description = "Pooler to fit and save with (default: the model's)." };
        var maxSentences = new Option<int>("--max-sentences") { Description = "Fit on at most this many sentences (the first ones).", DefaultValueFactory = _ => 20000 };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 128 };

        var whiten = new Command("whiten", "Fit BERT-whitening on a corpus and save it with a copy of the model.")
        {
            model, corpus, output, k, pooler, maxSentences, batchSize,
        };
        whiten.SetAction(p =>
        {
            var source = ModelLocator.Resolve(p.GetValue(model)!);
            var target = p.GetValue(output)!;
            if (Path.GetFullPath(source) == Path.GetFullPath(target))
                throw new ContrastiveException("--output must differ from --model (the original model is kept).");
            var sentences = SentenceCorpus.ReadLines(p.GetValue(corpus)!).Take(p.GetValue(maxSentences)).ToArray();
            var loaded = SentenceEncoderFolder.Load(source, p.GetValue(pooler));
            // Fit on the pipeline's vectors before Normalize, without any earlier whitening; the new Dense goes there.
            var pipeline = loaded.Pipeline.WithoutWhitening();
            var encoder = loaded.WithPipeline(pipeline with { Normalize = false });
            var embeddings = AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("encoding", maxValue: sentences.Length);
                return encoder.Encode(sentences, p.GetValue(batchSize), progress: n => task.Value = n);
            });
            using var whitening = Whitening.Fit(embeddings, p.GetValue(k));
            ModelFolderCopy.Copy(source, target);
            SentenceEncoderFolder.SavePipeline(target, loaded.Bert.Config, pipeline.WithWhitening(whitening));
            Console.WriteLine($"fitted whitening on {sentences.Length} sentences: {whitening.InputDim} -> {whitening.OutputDim} dimensions; wrote {target} ({pipeline.WithWhitening(whitening).Describe()})");
            return 0;
        });
        return whiten;
    }
}

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
        var fitting = new FittingCorpusOptions("whiten");
        var k = new Option<int?>("--k") { Description = "Keep the first k whitened dimensions (dimensionality reduction)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 128 };

        var whiten = new Command("whiten", "Fit BERT-whitening on a corpus and save it with a copy of the model.")
        {
            k, batchSize,
        };
        foreach (var option in fitting.All) whiten.Options.Add(option);
        whiten.SetAction(p =>
        {
            OptionValues.Positive(p.GetValue(batchSize), "--batch-size");
            var (source, target, sentences, loaded) = fitting.Read(p);
            // Fit on the pipeline's vectors before Normalize, without any earlier whitening; the new Dense goes there.
            var pipeline = loaded.Pipeline.WithoutWhitening();
            var encoder = loaded.WithPipeline(pipeline with { Normalize = false });
            var embeddings = FittingCorpusOptions.Encode(encoder, sentences, p.GetValue(batchSize));
            using var whitening = Whitening.Fit(embeddings, p.GetValue(k));
            ModelFolderCopy.Copy(source, target);
            SentenceEncoderFolder.SavePipeline(target, loaded.Bert.Config, pipeline.WithWhitening(whitening));
            Console.WriteLine($"fitted whitening on {sentences.Length} sentences: {whitening.InputDim} -> {whitening.OutputDim} dimensions; wrote {target} ({pipeline.WithWhitening(whitening).Describe()})");
            return 0;
        });
        return whiten;
    }
}

using System.CommandLine;
using Contrastive.Core;
using Contrastive.Core.PostProcessing;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive whiten</c>: fits BERT-whitening (Su et al. 2021) on a corpus's embeddings and saves it with a copy
/// of the model, so every later <c>encode</c>, <c>eval</c> or search applies it.
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
            var (source, target, sentences, encoder) = fitting.Read(p);
            if (encoder.Whitening is not null) encoder = encoder.WithWhitening(null);
            var embeddings = FittingCorpusOptions.Encode(encoder, sentences, p.GetValue(batchSize));
            using var whitening = Whitening.Fit(embeddings, p.GetValue(k));
            ModelFolderCopy.Copy(source, target);
            SentenceEncoderFolder.AddWhitening(target, whitening, encoder.Pooler.Type.ToName(), encoder.MaxSeqLength);
            Console.WriteLine($"fitted whitening on {sentences.Length} sentences: {whitening.InputDim} -> {whitening.OutputDim} dimensions; wrote {target}");
            return 0;
        });
        return whiten;
    }
}

using System.CommandLine;
using Contrastive.Core;
using Contrastive.Core.Flows;
using Contrastive.Core.Training;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.PostProcessing;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive flow</c>: fits BERT-flow (Li et al. 2020), a Glow-style normalising flow, on a frozen encoder's
/// embeddings of a corpus by maximum likelihood and saves it with a copy of the model, so that <c>eval sts</c> and
/// <c>encode</c> return the flow's Gaussian latents (like <c>contrastive whiten</c>).
/// </summary>
public static class FlowCommand
{
    public static Command Create()
    {
        var fitting = new FittingCorpusOptions("fit the flow on (without whitening)");
        var steps = new Option<int>("--steps") { Description = "Flow steps (actnorm, invertible linear, affine coupling).", DefaultValueFactory = _ => 6 };
        var hidden = new Option<int>("--hidden-dim") { Description = "Hidden width of the coupling networks.", DefaultValueFactory = _ => 32 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the embeddings.", DefaultValueFactory = _ => 1 };
        var batchSize = new Option<int>("--batch-size") { Description = "Embeddings per step.", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--learning-rate") { Description = "Adam learning rate (BERT-flow: 1e-3).", DefaultValueFactory = _ => 1e-3 };
        var encodeBatch = new Option<int>("--encode-batch-size") { Description = "Sentences per encoding batch.", DefaultValueFactory = _ => 128 };
        var seed = new Option<long>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };

        var flow = new Command("flow", "Fit BERT-flow (a Glow normalising flow) on a corpus and save it with a copy of the model.")
        {
            steps, hidden, epochs, batchSize, lr, encodeBatch, seed,
        };
        foreach (var option in fitting.All) flow.Options.Add(option);
        flow.SetAction(p =>
        {
            var (source, target, sentences, encoder) = fitting.Read(p);
            if (encoder.Pipeline.WithoutWhitening().Dense.Count != encoder.Pipeline.Dense.Count) throw new ContrastiveException($"{source}: the model is whitened; fit the flow on the model without whitening.");
            if (SentenceFlow.TryLoad(source) is not null) throw new ContrastiveException($"{source}: the model already has a flow.");
            var embeddings = FittingCorpusOptions.Encode(encoder, sentences, p.GetValue(encodeBatch));
            var runDir = Directory.CreateTempSubdirectory("contrastive-flow-").FullName;
            try
            {
                var training = new TrainingOptions
                {
                    OutputDir = runDir, BatchSize = p.GetValue(batchSize), LearningRate = p.GetValue(lr), Epochs = p.GetValue(epochs),
                    Seed = p.GetValue(seed), EvalSteps = int.MaxValue, LrSchedule = LearningRateSchedule.Linear, MaxGradNorm = null,
                };
                var options = new GlowFlowOptions { Dim = encoder.Dimension, Steps = p.GetValue(steps), HiddenDim = p.GetValue(hidden) }.Validate();
                var (fitted, result) = TrainingDisplay.Run(obs => SentenceFlow.Fit(embeddings, options, training, obs));
                using (fitted)
                {
                    double after = fitted.NegativeLogLikelihoodPerDim(embeddings).item<double>();
                    ModelFolderCopy.Copy(source, target);
                    if (p.GetValue(fitting.Pooler) is not null)   // the flow was fitted on this pooler's vectors: save it with them
                        SentenceEncoderFolder.SavePipeline(target, encoder.Bert.Config, encoder.Pipeline);
                    fitted.Save(target);
                    Console.WriteLine($"fitted BERT-flow ({options.Steps} steps, hidden {options.HiddenDim}) on {sentences.Length} sentences in {result.Steps} steps " +
                                      $"({result.Elapsed.TotalSeconds:F0} s): NLL {after:F3} nats/dim; wrote {target}");
                }
            }
            finally
            {
                Directory.Delete(runDir, recursive: true);
            }
            return 0;
        });
        return flow;
    }
}

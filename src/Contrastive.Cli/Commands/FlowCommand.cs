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
        var model = new Option<string>("--model") { Description = "Model folder (without whitening) to fit the flow on.", Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "Sentences to fit on (one per line; .tsv: last column).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--output") { Description = "New model folder: a copy of --model with the flow added.", Required = true };
        var pooler = new Option<string?>("--pooler") { Description = "Pooler to fit and save with (default: the model's; BERT-flow used avg_first_last)." };
        var maxSentences = new Option<int>("--max-sentences") { Description = "Fit on at most this many sentences (the first ones).", DefaultValueFactory = _ => 20000 };
        var steps = new Option<int>("--steps") { Description = "Flow steps (actnorm, invertible linear, affine coupling).", DefaultValueFactory = _ => 6 };
        var hidden = new Option<int>("--hidden-dim") { Description = "Hidden width of the coupling networks.", DefaultValueFactory = _ => 32 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the embeddings.", DefaultValueFactory = _ => 1 };
        var batchSize = new Option<int>("--batch-size") { Description = "Embeddings per step.", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--learning-rate") { Description = "Adam learning rate (BERT-flow: 1e-3).", DefaultValueFactory = _ => 1e-3 };
        var encodeBatch = new Option<int>("--encode-batch-size") { Description = "Sentences per encoding batch.", DefaultValueFactory = _ => 128 };
        var seed = new Option<long>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };

        var flow = new Command("flow", "Fit BERT-flow (a Glow normalising flow) on a corpus and save it with a copy of the model.")
        {
            model, corpus, output, pooler, maxSentences, steps, hidden, epochs, batchSize, lr, encodeBatch, seed,
        };
        flow.SetAction(p =>
        {
            var source = p.GetValue(model)!;
            var target = p.GetValue(output)!;
            if (Path.GetFullPath(source) == Path.GetFullPath(target))
                throw new ContrastiveException("--output must differ from --model (the original model is kept).");
            var sentences = SentenceCorpus.ReadLines(p.GetValue(corpus)!).Take(p.GetValue(maxSentences)).ToArray();
            var encoder = SentenceEncoderFolder.Load(source, p.GetValue(pooler));
            if (encoder.Whitening is not null) throw new ContrastiveException($"{source}: the model is whitened; fit the flow on the model without whitening.");
            if (SentenceFlow.TryLoad(source) is not null) throw new ContrastiveException($"{source}: the model already has a flow.");
            var embeddings = AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask("encoding", maxValue: sentences.Length);
                return encoder.Encode(sentences, p.GetValue(encodeBatch), progress: n => task.Value = n);
            });
            var runDir = Directory.CreateTempSubdirectory("contrastive-flow-").FullName;
            try
            {
                var training = new TrainingOptions
                {
                    OutputDir = runDir, BatchSize = p.GetValue(batchSize), LearningRate = p.GetValue(lr), Epochs = p.GetValue(epochs),
                    Seed = p.GetValue(seed), EvalSteps = int.MaxValue, LrSchedule = LearningRateSchedule.Linear, MaxGradNorm = null,
                };
                var options = new GlowFlowOptions { Dim = encoder.Dimension, Steps = p.GetValue(steps), HiddenDim = p.GetValue(hidden) }.Validate();
                var (fitted, result) = SpectreProgressObserver.Run(AnsiConsole.Console, obs => SentenceFlow.Fit(embeddings, options, training, obs));
                using (fitted)
                {
                    double after = fitted.NegativeLogLikelihoodPerDim(embeddings).item<double>();
                    ModelFolderCopy.Copy(source, target);
                    if (p.GetValue(pooler) is { } name)
                        ((SentenceEncoderManifest.TryLoad(target) ?? new SentenceEncoderManifest(name, encoder.MaxSeqLength)) with { Pooler = PoolerTypeNames.Parse(name).ToName() }).Save(target);
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

using System.CommandLine;
using Contrastive.Core.Training;
using Contrastive.Text.Pooling;
using Contrastive.Text.Sbert;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive sbert train</c>: Sentence-BERT (Reimers and Gurevych 2019) with the NLI classification or the
/// STS regression objective, sentence-transformers' defaults.</summary>
public static class SbertCommand
{
    public static Command Create()
    {
        var objective = new Option<string>("--objective") { Description = "nli (softmax on (u, v, |u-v|) over NLI labels) or sts-regression (MSE of cos(u, v) against score/5).", Required = true };
        objective.AcceptOnlyFromAmong([.. SbertObjectiveNames.All]);
        var trainFile = new Option<string>("--train-file") { Description = "nli: SimCSE triplets CSV (entailment and contradiction pairs) or a TSV 'sentence1<TAB>sentence2<TAB>label'; sts-regression: STS-B train (sts-train.csv).", Required = true };
        var outputDir = new Option<string>("--output-dir") { Description = "Where checkpoints, best/ and final/ models and the training log go.", Required = true };
        var model = new Option<string?>("--model") { Description = "Hugging Face BERT folder to start from." };
        var vocab = new Option<string?>("--vocab") { Description = "vocab.txt for a new, randomly initialised BERT (when --model is not given)." };
        var shape = new BertShapeOptions();
        var pooler = new Option<string>("--pooler") { Description = $"Pooler: {string.Join(", ", PoolerTypeNames.All)} (SBERT: avg, mean pooling).", DefaultValueFactory = _ => "avg" };
        var maxSeqLength = new Option<int>("--max-seq-length") { Description = "Maximum tokens per sentence.", DefaultValueFactory = _ => 128 };
        var batchSize = new Option<int>("--batch-size") { Description = "Pairs per step (SBERT: 16).", DefaultValueFactory = _ => 16 };
        var lr = new Option<double>("--learning-rate") { Description = "Peak AdamW learning rate (SBERT: 2e-5), linear decay.", DefaultValueFactory = _ => 2e-5 };
        var warmup = new Option<int?>("--warmup-steps") { Description = "Linear warm-up steps (default: 10% of the planned steps, as SBERT)." };
        var weightDecay = new Option<double>("--weight-decay") { Description = "AdamW weight decay (sentence-transformers: 0.01).", DefaultValueFactory = _ => 0.01 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data (SBERT NLI: 1, STS-B: 4).", DefaultValueFactory = _ => 1 };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Stop after this many steps (overrides --epochs)." };
        var timeBudget = new Option<string?>("--time-budget") { Description = "Stop after this much training time, e.g. 5m." };
        var evalFile = new Option<string?>("--eval-file") { Description = "STS data evaluated every --eval-steps (e.g. sts-dev.csv); the best model is kept in best/." };
        var evalSteps = new Option<int>("--eval-steps") { Description = "Evaluate (and checkpoint) every N steps.", DefaultValueFactory = _ => 250 };
        var seed = new Option<long>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var resume = new ResumeOptions();

        var train = new Command("train", "Train a sentence encoder with SBERT's NLI classification or STS regression objective.")
        {
            objective, trainFile, outputDir, model, vocab, pooler, maxSeqLength, batchSize, lr, warmup, weightDecay, epochs, maxSteps,
            timeBudget, evalFile, evalSteps, seed,
        };
        foreach (var option in shape.All) train.Options.Add(option);
        foreach (var option in resume.All) train.Options.Add(option);
        train.SetAction(p =>
        {
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var training = resume.Apply(p, new TrainingOptions
            {
                OutputDir = p.GetValue(outputDir)!, BatchSize = p.GetValue(batchSize), LearningRate = p.GetValue(lr),
                WeightDecay = p.GetValue(weightDecay), Epochs = p.GetValue(epochs), MaxSteps = p.GetValue(maxSteps),
                TimeBudget = p.GetValue(timeBudget) is { } b ? Duration.Parse(b, "--time-budget") : null,
                EvalSteps = p.GetValue(evalSteps), Seed = p.GetValue(seed),
            });
            var setup = new SbertTrainingSetup(
                TrainFile: p.GetValue(trainFile)!,
                Training: training,
                Sbert: new SbertOptions(SbertObjectiveNames.Parse(p.GetValue(objective)!), PoolerTypeNames.Parse(p.GetValue(pooler)!), p.GetValue(maxSeqLength)),
                ModelDir: p.GetValue(model),
                NewModel: shape.Config(p),
                VocabPath: p.GetValue(vocab),
                EvalPath: p.GetValue(evalFile));
            var result = resume.Run(p, (obs, resuming, ct) =>
                SbertTraining.Run(setup with { Training = training with { WarmupSteps = p.GetValue(warmup) ?? SbertTraining.DefaultWarmup(setup) } }, obs, resuming, ct));
            TrainingSummary.Print(result);
            return 0;
        });
        return new Command("sbert", "Sentence-BERT: siamese BERT trained on NLI labels or STS scores.") { train };
    }
}

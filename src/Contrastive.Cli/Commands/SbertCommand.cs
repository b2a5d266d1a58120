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
        var pooler = PoolerOption.WithDefault(SbertOptions.DefaultPooler, "Pooler (SBERT: avg, mean pooling).");
        var maxSeqLength = new Option<int>("--max-seq-length") { Description = "Maximum tokens per sentence.", DefaultValueFactory = _ => SbertOptions.DefaultMaxSeqLength };
        var training = new TrainingOptionsBinder(SbertTrainingSetup.DefaultTraining("output"), "Pairs", warmupDefault: "10% of the planned steps, as SBERT");
        var evalFile = new Option<string?>("--eval-file") { Description = "STS data evaluated every --eval-steps (e.g. sts-dev.csv); the best model is kept in best/." };

        var train = new Command("train", "Train a sentence encoder with SBERT's NLI classification or STS regression objective.")
        {
            objective, trainFile, outputDir, model, vocab, pooler, maxSeqLength, evalFile,
        };
        foreach (var option in training.All.Concat(shape.All)) train.Options.Add(option);
        train.SetAction(p =>
        {
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var trainingOptions = training.Bind(p, p.GetValue(outputDir)!);
            var setup = new SbertTrainingSetup(
                TrainFile: p.GetValue(trainFile)!,
                Training: trainingOptions,
                Sbert: new SbertOptions(SbertObjectiveNames.Parse(p.GetValue(objective)!), PoolerOption.Get(p, pooler), p.GetValue(maxSeqLength)),
                ModelDir: p.GetValue(model),
                NewModel: shape.Config(p),
                VocabPath: p.GetValue(vocab),
                EvalPath: p.GetValue(evalFile));
            var result = training.Run(p, (obs, resuming, ct) =>
                SbertTraining.Run(setup with { Training = trainingOptions with { WarmupSteps = training.Warmup(p) ?? SbertTraining.DefaultWarmup(setup, resuming) } }, obs, resuming, ct));
            TrainingSummary.Print(result);
            return 0;
        });
        return new Command("sbert", "Sentence-BERT: siamese BERT trained on NLI labels or STS scores.") { train };
    }
}

using System.CommandLine;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Pooling;
using Contrastive.Text.SimCse;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary><c>contrastive simcse train</c>: unsupervised or supervised SimCSE, with SimCSE's options and defaults.</summary>
public static class SimCseCommand
{
    /// <summary>The default learning rate when fine-tuning a pre-trained --model (SimCSE's, for BERT-base).</summary>
    public const double FineTuneLearningRate = 3e-5;

    /// <summary>The default learning rate for a new, randomly initialised model (--vocab): 3e-5 barely moves it.</summary>
    public const double NewModelLearningRate = 5e-4;

    public static Command Create()
    {
        var trainFile = new Option<string[]>("--train-file") { Description = "Unsupervised: text file(s), one sentence per line (.tsv: last column). Supervised: a CSV/TSV of sent0,sent1[,hard_neg].", Required = true, AllowMultipleArgumentsPerToken = true };
        var supervised = new Option<bool>("--supervised") { Description = "Read --train-file as NLI triplets (premise, entailment, contradiction)." };
        var outputDir = new Option<string>("--output-dir") { Description = "Where checkpoints, best/ and final/ models and the training log go.", Required = true };
        var model = new Option<string?>("--model") { Description = "Hugging Face BERT folder to start from (config.json, model.safetensors, vocab.txt), or all-MiniLM-L6-v2 | arctic-embed-xs." };
        var vocab = new Option<string?>("--vocab") { Description = "vocab.txt for a new, randomly initialised BERT (when --model is not given)." };
        var shape = new BertShapeOptions();
        var dropout = new Option<double?>("--dropout") { Description = "Hidden and attention dropout, SimCSE's noise (new model: default 0.1; --model: default the model's own)." };
        var pooler = new Option<string>("--pooler") { Description = $"Pooler: {string.Join(", ", PoolerTypeNames.All)}.", DefaultValueFactory = _ => "cls" };
        var mlpOnlyTrain = new Option<bool>("--mlp-only-train") { Description = "Use the MLP on [CLS] only in training (unsupervised SimCSE recipe)." };
        var temp = new Option<double>("--temp") { Description = "Softmax temperature.", DefaultValueFactory = _ => 0.05 };
        var loss = new Option<string>("--loss") { Description = $"Contrastive loss: {string.Join(", ", SimCseLossNames.All)} (supervised contrastive: anchor and positive one class, each hard negative its own).", DefaultValueFactory = _ => "infonce" };
        var hardNegWeight = new Option<double>("--hard-negative-weight") { Description = "Added to the logit of each anchor's own hard negative.", DefaultValueFactory = _ => 0.0 };
        var doMlm = new Option<bool>("--do-mlm") { Description = "Add the auxiliary MLM loss." };
        var mlmWeight = new Option<double>("--mlm-weight") { Description = "Weight of the MLM loss.", DefaultValueFactory = _ => 0.1 };
        var maxSeqLength = new Option<int>("--max-seq-length") { Description = "Maximum tokens per sentence.", DefaultValueFactory = _ => 32 };
        var batchSize = new Option<int>("--batch-size") { Description = "Examples per step.", DefaultValueFactory = _ => 64 };
        var lr = new Option<double?>("--learning-rate")
        {
            Description = $"Peak learning rate (AdamW, linear decay). Default: {FineTuneLearningRate:0.#####} when fine-tuning a --model " +
                          $"(SimCSE's BERT-base value), {NewModelLearningRate:0.#####} for a new model from --vocab (a small random BERT barely moves at 3e-5).",
        };
        var warmup = new Option<int>("--warmup-steps") { Description = "Linear warm-up steps.", DefaultValueFactory = _ => 0 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "AdamW weight decay (not on biases and LayerNorm).", DefaultValueFactory = _ => 0.0 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => 1 };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Stop after this many steps (overrides --epochs)." };
        var timeBudget = new Option<string?>("--time-budget") { Description = "Stop after this much training time, e.g. 20m." };
        var evalFile = new Option<string?>("--eval-file") { Description = "STS data evaluated every --eval-steps (e.g. sts-dev.csv); the best model is kept in best/." };
        var evalSteps = new Option<int>("--eval-steps") { Description = "Evaluate (and checkpoint) every N steps.", DefaultValueFactory = _ => 125 };
        var seed = new Option<long>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var resume = new ResumeOptions();

        var train = new Command("train", "Train a sentence encoder with SimCSE (Gao et al. 2021).")
        {
            trainFile, supervised, outputDir, model, vocab, dropout, pooler, mlpOnlyTrain,
            temp, loss, hardNegWeight, doMlm, mlmWeight, maxSeqLength, batchSize, lr, warmup, weightDecay, epochs, maxSteps,
            timeBudget, evalFile, evalSteps, seed,
        };
        foreach (var option in shape.All) train.Options.Add(option);
        foreach (var option in resume.All) train.Options.Add(option);
        var hcl = new HclLossOptions("infonce");
        foreach (var option in hcl.All) train.Options.Add(option);
        train.SetAction(p =>
        {
            var budget = p.GetValue(timeBudget) is { } b ? Duration.Parse(b, "--time-budget") : (TimeSpan?)null;
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var setup = new SimCseTrainingSetup(
                TrainFiles: p.GetValue(trainFile)!,
                Training: resume.Apply(p, new TrainingOptions
                {
                    OutputDir = p.GetValue(outputDir)!, BatchSize = p.GetValue(batchSize), LearningRate = p.GetValue(lr) ?? (p.GetValue(model) is null ? NewModelLearningRate : FineTuneLearningRate),
                    WarmupSteps = p.GetValue(warmup), WeightDecay = p.GetValue(weightDecay), Epochs = p.GetValue(epochs),
                    MaxSteps = p.GetValue(maxSteps), TimeBudget = budget, EvalSteps = p.GetValue(evalSteps), Seed = p.GetValue(seed),
                }),
                SimCse: new SimCseOptions(PoolerTypeNames.Parse(p.GetValue(pooler)!), p.GetValue(temp), p.GetValue(hardNegWeight),
                                          p.GetValue(mlpOnlyTrain), p.GetValue(doMlm), p.GetValue(mlmWeight), p.GetValue(maxSeqLength),
                                          SimCseLossNames.Parse(p.GetValue(loss)!))
                    { Hcl = hcl.Parse(p) },
                Supervised: p.GetValue(supervised),
                ModelDir: p.GetValue(model),
                NewModel: shape.Config(p) with
                {
                    HiddenDropoutProb = p.GetValue(dropout) ?? 0.1, AttentionProbsDropoutProb = p.GetValue(dropout) ?? 0.1,
                },
                VocabPath: p.GetValue(vocab),
                EvalPath: p.GetValue(evalFile),
                Dropout: p.GetValue(model) is null ? null : p.GetValue(dropout));
            var result = resume.Run(p, (obs, resuming, ct) => SimCseTraining.Run(setup, obs, resuming, ct));
            TrainingSummary.Print(result);
            return 0;
        });
        return new Command("simcse", "SimCSE: contrastive sentence embeddings.") { train };
    }
}

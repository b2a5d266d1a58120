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
        var dropout = new Option<double?>("--dropout") { Description = $"Hidden and attention dropout, SimCSE's noise (new model: default {BertConfig.DefaultDropout}; --model: default the model's own)." };
        var pooler = PoolerOption.WithDefault(SimCseOptions.DefaultPooler);
        var mlpOnlyTrain = new Option<bool>("--mlp-only-train") { Description = "Use the MLP on [CLS] only in training (unsupervised SimCSE recipe)." };
        var temp = new Option<double>("--temp") { Description = "Softmax temperature.", DefaultValueFactory = _ => SimCseOptions.DefaultTemperature };
        var loss = new Option<string>("--loss") { Description = $"Contrastive loss: {string.Join(", ", SimCseLossNames.All)} (supervised contrastive: anchor and positive one class, each hard negative its own).", DefaultValueFactory = _ => "infonce" };
        var hardNegWeight = new Option<double>("--hard-negative-weight") { Description = "Added to the logit of each anchor's own hard negative.", DefaultValueFactory = _ => SimCseOptions.DefaultHardNegativeWeight };
        var doMlm = new Option<bool>("--do-mlm") { Description = "Add the auxiliary MLM loss." };
        var mlmWeight = new Option<double>("--mlm-weight") { Description = "Weight of the MLM loss.", DefaultValueFactory = _ => SimCseOptions.DefaultMlmWeight };
        var maxSeqLength = new Option<int>("--max-seq-length") { Description = "Maximum tokens per sentence.", DefaultValueFactory = _ => SimCseOptions.DefaultMaxSeqLength };
        // SimCSE's trainer defaults are TrainingOptions' own (batch 64, 1 epoch, evaluation every 125 steps, seed 42).
        var training = new TrainingOptionsBinder(new TrainingOptions(), "Examples",
            learningRateDefault: $"{FineTuneLearningRate:0.#####} when fine-tuning a --model (SimCSE's BERT-base value), " +
                                 $"{NewModelLearningRate:0.#####} for a new model from --vocab (a small random BERT barely moves at 3e-5)",
            allowChanged: true);
        var evalFile = new Option<string?>("--eval-file") { Description = "STS data evaluated every --eval-steps (e.g. sts-dev.csv); the best model is kept in best/." };

        var train = new Command("train", "Train a sentence encoder with SimCSE (Gao et al. 2021).")
        {
            trainFile, supervised, outputDir, model, vocab, dropout, pooler, mlpOnlyTrain,
            temp, loss, hardNegWeight, doMlm, mlmWeight, maxSeqLength, evalFile,
        };
        foreach (var option in training.All.Concat(shape.All)) train.Options.Add(option);
        var hcl = new HclLossOptions("infonce");
        foreach (var option in hcl.All) train.Options.Add(option);
        train.SetAction(p =>
        {
            var startModel = p.GetValue(model);
            var trainingOptions = training.Bind(p, p.GetValue(outputDir)!, startModel is null ? NewModelLearningRate : FineTuneLearningRate);
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var noise = p.GetValue(dropout);
            var setup = new SimCseTrainingSetup(
                TrainFiles: p.GetValue(trainFile)!,
                Training: trainingOptions,
                SimCse: new SimCseOptions(PoolerOption.Get(p, pooler), p.GetValue(temp), p.GetValue(hardNegWeight),
                                          p.GetValue(mlpOnlyTrain), p.GetValue(doMlm), p.GetValue(mlmWeight), p.GetValue(maxSeqLength),
                                          SimCseLossNames.Parse(p.GetValue(loss)!))
                    { Hcl = hcl.Parse(p) },
                Supervised: p.GetValue(supervised),
                ModelDir: startModel,
                NewModel: shape.Config(p).WithDropout(noise ?? BertConfig.DefaultDropout),
                VocabPath: p.GetValue(vocab),
                EvalPath: p.GetValue(evalFile),
                Dropout: startModel is null ? null : noise);
            var result = training.Run(p, (obs, resuming, ct) => SimCseTraining.Run(setup, obs, resuming, ct));
            TrainingSummary.Print(result);
            return 0;
        });
        return new Command("simcse", "SimCSE: contrastive sentence embeddings.") { train };
    }
}

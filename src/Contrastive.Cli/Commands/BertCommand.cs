using System.CommandLine;
using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Mlm;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using Spectre.Console;

namespace Contrastive.Cli.Commands;

/// <summary>
/// <c>contrastive bert pretrain</c>: masked-language-model pre-training of a (small) BERT, evaluated on held-out
/// sentences; <c>contrastive bert init</c>: an untrained model folder; <c>contrastive bert eval-mlm</c>: the MLM accuracy of a saved model on a text file.
/// </summary>
public static class BertCommand
{
    public static Command Create() => new("bert", "BERT: masked-language-model pre-training and evaluation.") { Init(), Pretrain(), EvalMlm() };

    /// <summary><c>contrastive bert init</c>: a randomly initialised BERT saved as a model folder (the untrained baseline).</summary>
    static Command Init()
    {
        var vocab = new Option<string>("--vocab") { Description = "vocab.txt of the new model.", Required = true };
        var output = new Option<string>("--out") { Description = "The model folder to write.", Required = true };
        var shape = new BertShapeOptions();
        var pooler = PoolerOption.WithDefault(new MlmOptions().EncoderPooler, "Pooler recorded for sentence embeddings.");
        var seed = new Option<long>("--seed") { Description = "Seed of the initialisation.", DefaultValueFactory = _ => 42 };
        var command = new Command("init", "Write a randomly initialised BERT (Hugging Face folder) of the given shape.")
        {
            vocab, output, pooler, seed,
        };
        foreach (var option in shape.All) command.Options.Add(option);
        command.SetAction(p =>
        {
            var dir = OutputPath.Folder(p.GetValue(output)!, "--out");
            var tokenizer = WordPieceTokenizer.FromVocabFile(p.GetValue(vocab)!);
            var config = (shape.Config(p) with { VocabSize = tokenizer.VocabSize, PadTokenId = tokenizer.PadId }).Validate();
            using var generator = new TorchSharp.torch.Generator((ulong)p.GetValue(seed));
            var bert = new BertModel(config, generator: generator);
            var poolerType = PoolerOption.Get(p, pooler);
            SentenceEncoderFolder.Save(dir, bert, tokenizer, SentencePipeline.FromPooler(bert, poolerType, SentenceEncoder.DefaultMaxSeqLength));
            Console.WriteLine($"wrote an untrained BERT ({config.NumHiddenLayers} layers x {config.HiddenSize}, vocabulary {config.VocabSize}) to {dir}");
            return 0;
        });
        return command;
    }

    static Command Pretrain()
    {
        var small = MlmPretrainingSetup.SmallModel;
        var corpus = new Option<string[]>("--corpus") { Description = "Text file(s), one sentence per line (.tsv: last column).", Required = true, AllowMultipleArgumentsPerToken = true };
        var outputDir = new Option<string>("--output-dir") { Description = "Where checkpoints, best/ and final/ models and the training log go.", Required = true };
        var vocab = new Option<string?>("--vocab") { Description = "vocab.txt for a new, randomly initialised BERT." };
        var model = new Option<string?>("--model") { Description = "Hugging Face BERT folder to continue from (instead of --vocab)." };
        var shape = new BertShapeOptions();
        var dropout = new Option<double>("--dropout") { Description = "New model: hidden and attention dropout.", DefaultValueFactory = _ => small.HiddenDropoutProb };
        var maxSeqLength = new Option<int>("--max-seq-length") { Description = "Maximum tokens per sentence.", DefaultValueFactory = _ => MlmOptions.DefaultMaxSeqLength };
        var maskProbability = new Option<double>("--mask-probability") { Description = "Fraction of the tokens masked (80% [MASK], 10% random, 10% kept).", DefaultValueFactory = _ => MaskedLanguageModelingOptions.DefaultMaskProbability };
        var pooler = PoolerOption.WithDefault(new MlmOptions().EncoderPooler, "Pooler written to the saved folders for sentence embeddings (not cls: MLM does not train BERT's pooler).");
        var training = new TrainingOptionsBinder(MlmPretrainingSetup.DefaultTraining("output"), "Sentences",
            warmupDefault: $"{MlmPretrainingSetup.DefaultWarmupRatio * 100:0}% of the planned steps", allowChanged: true);
        var heldOut = new Option<int?>("--heldout") { Description = "Hold out the last N corpus sentences for evaluation (default 1%, at most 2000; 0: none)." };

        var command = new Command("pretrain", "Pre-train BERT with the masked-language-model objective (Devlin et al. 2019).")
        {
            corpus, outputDir, vocab, model, dropout, maxSeqLength, maskProbability, pooler, heldOut,
        };
        foreach (var option in training.All.Concat(shape.All)) command.Options.Add(option);
        command.SetAction(p =>
        {
            var trainingOptions = training.Bind(p, p.GetValue(outputDir)!);
            OutputPath.Folder(p.GetValue(outputDir)!, "--output-dir");
            var setup = new MlmPretrainingSetup(
                CorpusFiles: p.GetValue(corpus)!,
                Training: trainingOptions,
                Mlm: new MlmOptions
                {
                    Masking = MaskingOptions(p.GetValue(maskProbability)),
                    MaxSeqLength = p.GetValue(maxSeqLength),
                    EncoderPooler = PoolerOption.Get(p, pooler),
                },
                ModelDir: p.GetValue(model),
                NewModel: shape.Config(p).WithDropout(p.GetValue(dropout)),
                VocabPath: p.GetValue(vocab),
                HeldOutSentences: p.GetValue(heldOut),
                WarmupRatio: training.Warmup(p) is null ? MlmPretrainingSetup.DefaultWarmupRatio : null);
            var result = training.Run(p, (obs, resuming, ct) => MlmPretraining.Run(setup, obs, resuming, ct));
            TrainingSummary.Print(result);
            if (result.Evaluations.Count > 0)
            {
                var last = result.Evaluations[^1];
                AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"held-out MLM accuracy {last.Metrics[MlmEvaluator.AccuracyMetric]:F2}%, loss {last.Metrics[MlmEvaluator.LossMetric]:F4} (final model, step {last.Step})"));
            }
            return 0;
        });
        return command;
    }

    static Command EvalMlm()
    {
        var model = new Option<string>("--model") { Description = "A BertForMaskedLM folder (config.json, model.safetensors, vocab.txt).", Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "Held-out text file(s), one sentence per line.", Required = true, AllowMultipleArgumentsPerToken = true };
        var maxSeqLength = new Option<int?>("--max-seq-length") { Description = "Maximum tokens per sentence (default: the model's contrastive.json, else 64)." };
        var batchSize = new Option<int>("--batch-size") { Description = "Sentences per batch.", DefaultValueFactory = _ => 64 };
        var maskSeed = new Option<long>("--mask-seed") { Description = "Seed of the fixed masks.", DefaultValueFactory = _ => MlmEvaluator.DefaultMaskSeed };

        var command = new Command("eval-mlm", "Masked-language-model accuracy (x100) and loss of a model on held-out sentences.")
        {
            model, corpus, maxSeqLength, batchSize, maskSeed,
        };
        command.SetAction(p =>
        {
            var r = MlmEvaluator.EvaluateFolder(p.GetValue(model)!, p.GetValue(corpus)!, p.GetValue(maxSeqLength), p.GetValue(batchSize), p.GetValue(maskSeed));
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{MlmEvaluator.AccuracyMetric} {r.Accuracy:F2}  {MlmEvaluator.LossMetric} {r.Loss:F4}  ({r.MaskedTokens:N0} masked tokens in {r.Sentences:N0} sentences)"));
            return 0;
        });
        return command;
    }

    /// <summary>BERT's corruption with <c>--mask-probability</c>, checked before any work starts.</summary>
    static MaskedLanguageModelingOptions MaskingOptions(double probability)
    {
        try
        {
            return new MaskedLanguageModelingOptions(probability).Validate();
        }
        catch (ContrastiveException e)
        {
            throw new ContrastiveException($"--mask-probability: {e.Message}", e);
        }
    }
}

using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Data;
using Contrastive.Text.Models;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Mlm;

/// <summary>
/// Runs masked-language-model pre-training end to end: reads the corpus, holds out its last sentences
/// (<see cref="HeldOutSplit"/>), builds or loads the model, and trains with the shared <see cref="Trainer{TBatch}"/>,
/// evaluating <c>mlm_accuracy</c> and <c>mlm_loss</c> on the held-out sentences (masked once with a fixed seed,
/// <see cref="MlmEvaluator"/>) and keeping the best model by <c>mlm_accuracy</c>.
/// </summary>
public static class MlmPretraining
{
    public static TrainingResult Run(MlmPretrainingSetup setup, ITrainingObserver? observer = null,
                                     bool resume = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        setup.Validate();
        var split = HeldOutSplit.Create(SentenceCorpus.ReadLines(setup.CorpusFiles), setup.HeldOutSentences);
        var (model, tokenizer) = CreateModel(setup, observer);
        var method = new MaskedLanguageModeling(model, tokenizer, setup.Mlm);
        var source = new MlmBatchSource(split.Training, tokenizer, setup.Mlm.MaxSeqLength);
        observer?.OnMessage($"{split.Training.Count:N0} training sentences, {split.HeldOut.Count:N0} held out" +
                            (split.DroppedDuplicates > 0 ? $" ({split.DroppedDuplicates:N0} training copies of held-out sentences dropped)" : "") +
                            $"; BERT {model.Config.NumHiddenLayers} layers x {model.Config.HiddenSize}, vocabulary {tokenizer.VocabSize:N0}.");

        var training = setup.Training with { MethodSettings = setup.ResumeSettings() };
        Func<IReadOnlyDictionary<string, double>>? evaluate = null;
        if (split.HeldOut.Count > 0)
        {
            var evaluator = new MlmEvaluator(split.HeldOut, tokenizer, setup.Mlm.MaxSeqLength, setup.Mlm.Masking,
                                             batchSize: setup.EvalBatchSize);
            observer?.OnMessage($"Held-out evaluation: {evaluator.MaskedTokens:N0} masked tokens in {evaluator.Sentences:N0} sentences.");
            evaluate = () => evaluator.Evaluate(model).ToMetrics();
            training = training with { MetricForBestModel = training.MetricForBestModel ?? MlmEvaluator.AccuracyMetric };
        }
        else
        {
            training = training with { MetricForBestModel = null };
        }
        if (setup.WarmupRatio is { } ratio)
        {
            int total = new Trainer<MlmBatch>(method, source, training).TotalSteps;   // the plan, before any step
            training = training with { WarmupSteps = (int)Math.Round(ratio * total, MidpointRounding.AwayFromZero) };
        }
        return new Trainer<MlmBatch>(method, source, training, evaluate, observer).Run(resume, ct);
    }

    /// <summary>
    /// The model and tokenizer a setup starts from: the folder's (missing MLM head or pooler initialised from
    /// <c>Training.Seed</c>, with a message), or a new <see cref="MaskedLanguageModeling.NewModel"/> of
    /// <c>NewModel</c>'s shape (default <see cref="MlmPretrainingSetup.SmallModel"/>) with the vocabulary's size.
    /// </summary>
    public static (BertForMaskedLM Model, WordPieceTokenizer Tokenizer) CreateModel(MlmPretrainingSetup setup, ITrainingObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        using var generator = new Generator((ulong)setup.Training.Seed);
        if (setup.ModelDir is { } dir)
            return (LoadModel(dir, generator, observer), WordPieceTokenizer.FromDirectory(dir));
        var tokenizer = WordPieceTokenizer.FromVocabFile(setup.VocabPath!);
        var config = (setup.NewModel ?? MlmPretrainingSetup.SmallModel) with { VocabSize = tokenizer.VocabSize, PadTokenId = tokenizer.PadId };
        config.Validate();
        return (MaskedLanguageModeling.NewModel(config, generator), tokenizer);
    }

    /// <summary>Loads a BERT folder as a <see cref="BertForMaskedLM"/> with a pooler; only the MLM head
    /// (<c>cls.predictions.*</c>) and the pooler may be absent from the weights (they keep their initial values).</summary>
    static BertForMaskedLM LoadModel(string dir, Generator generator, ITrainingObserver? observer)
    {
        if (!Directory.Exists(dir)) throw new ContrastiveException($"{dir}: model folder not found.");
        var config = BertConfig.Load(Path.Combine(dir, HuggingFaceBertFolder.ConfigFileName));
        var weights = Path.Combine(dir, HuggingFaceBertFolder.WeightsFileName);
        if (!File.Exists(weights)) throw new ContrastiveException($"{weights}: weights file not found.");
        var model = MaskedLanguageModeling.NewModel(config, generator);
        try
        {
            var report = HuggingFaceBertFolder.LoadWeights(model, weights, allowMissingKeys: true);
            var missing = report.MissingKeys
                .Where(k => !k.StartsWith("cls.predictions.", StringComparison.Ordinal) && !k.StartsWith("bert.pooler.", StringComparison.Ordinal))
                .ToList();
            if (missing.Count > 0)
                throw new ContrastiveException($"{weights}: the encoder weights are incomplete: missing {string.Join(", ", missing.Take(12))}" +
                                               (missing.Count > 12 ? $" and {missing.Count - 12} more." : "."));
            if (report.MissingKeys.Count > 0)
                observer?.OnMessage($"{weights} has no {string.Join(" and ", report.MissingKeys.Select(k => k.StartsWith("cls.", StringComparison.Ordinal) ? "MLM head" : "pooler").Distinct())}: initialised from the seed.");
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}

using Contrastive.Core;
using Contrastive.Core.Evaluation;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Data;
using Contrastive.Text.Evaluation;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.SimCse;

/// <summary>
/// Runs SimCSE end to end: reads the data, builds or loads the encoder, trains with the shared
/// <see cref="Trainer{TBatch}"/> (evaluating on STS data and keeping the best model) and returns the result.
/// </summary>
public static class SimCseTraining
{
    /// <summary>Metric used to keep the best model when STS-B is among the evaluation tasks (x100).</summary>
    public const string StsbSpearman = "stsb_spearman";

    public static TrainingResult Run(SimCseTrainingSetup setup, ITrainingObserver? observer = null,
                                     bool resume = false, CancellationToken ct = default)
    {
        setup.Validate();
        // One seeded stream initialises everything new (a new BERT, the MLM head), so equal setups give equal runs.
        using var generator = new Generator((ulong)setup.Training.Seed);
        var (bert, tokenizer) = CreateModel(setup, generator);
        var source = setup.Supervised
            ? SimCseBatchSource.Supervised(NliTripletReader.Read(setup.TrainFiles[0]), tokenizer, setup.SimCse.MaxSeqLength)
            : SimCseBatchSource.Unsupervised(SentenceCorpus.ReadLines(setup.TrainFiles), tokenizer, setup.SimCse.MaxSeqLength);
        if (source.Count < 2)
            throw new ContrastiveException(
                $"{string.Join(", ", setup.TrainFiles)}: SimCSE needs at least 2 training examples (each one's negatives are the others of its batch), found {source.Count}.");
        observer?.OnMessage($"{source.Count:N0} training examples ({source.Views} sentences each), " +
                            $"BERT {bert.Config.NumHiddenLayers} layers x {bert.Config.HiddenSize}, vocabulary {tokenizer.VocabSize:N0}.");

        var method = new SimCse(bert, tokenizer, setup.SimCse, generator);
        var (evaluate, training) = StsEvaluation(setup.EvalPath, method.CreateEncoder, setup.EvalBatchSize, setup.Training with { MethodSettings = setup.ResumeSettings() }, observer);
        return new Trainer<SimCseBatch>(method, source, training, evaluate, observer).Run(resume, ct);
    }

    /// <summary>
    /// The STS metrics plus <see cref="CollapseWarning.Metric"/>, the relative std of the first batch of evaluation
    /// embeddings (<see cref="CollapseMonitor.RelativeStd"/>); a value below <see cref="CollapseWarning.Threshold"/>
    /// is reported to <paramref name="observer"/> as a collapse warning.
    /// </summary>
    internal static IReadOnlyDictionary<string, double> EvaluateWithCollapseCheck(StsSuite suite, SentenceEncoder encoder, int batchSize,
                                                                          ITrainingObserver? observer)
    {
        double? relativeStd = null;
        int dim = 0;
        var result = StsEvaluator.Evaluate(suite, s =>
        {
            var embeddings = encoder.Encode(s, batchSize);
            if (relativeStd is null && embeddings.shape[0] >= 2)
                (relativeStd, dim) = (CollapseMonitor.RelativeStd(embeddings), (int)embeddings.shape[1]);
            return embeddings;
        }, batchSize);
        var metrics = new Dictionary<string, double>(Metrics(result));
        if (relativeStd is { } r)
        {
            metrics[CollapseWarning.Metric] = r;
            if (CollapseWarning.For(r, dim) is { } warning) observer?.OnMessage(warning);
        }
        return metrics;
    }

    /// <summary>
    /// The evaluation a text training run does every <c>EvalSteps</c>: <see cref="Metrics"/> of the encoder on the STS
    /// data at <paramref name="evalPath"/>, and the options with the best-model metric defaulted to
    /// <see cref="StsbSpearman"/> (or "avg" without STS-B). No path: no evaluation, the options unchanged.
    /// </summary>
    /// <param name="observer">Receives the collapse warning (<see cref="EvaluateWithCollapseCheck"/>).</param>
    public static (Func<IReadOnlyDictionary<string, double>>? Evaluate, TrainingOptions Training) StsEvaluation(
        string? evalPath, Func<SentenceEncoder> createEncoder, int batchSize, TrainingOptions training, ITrainingObserver? observer = null)
    {
        if (evalPath is null) return (null, training);
        var suite = StsSuite.Load(evalPath);
        var encoder = createEncoder();
        return (() => EvaluateWithCollapseCheck(suite, encoder, batchSize, observer),
                training with { MetricForBestModel = training.MetricForBestModel ?? (suite.Find(StsSuite.StsBenchmark) is null ? "avg" : StsbSpearman) });
    }

    /// <summary>The metrics logged at each evaluation: one Spearman x100 per task, the average, alignment, uniformity.</summary>
    public static IReadOnlyDictionary<string, double> Metrics(StsEvaluationResult r)
    {
        var metrics = new Dictionary<string, double>();
        foreach (var task in r.Tasks)
            metrics[task.Name == StsSuite.StsBenchmark ? StsbSpearman : task.Name.ToLowerInvariant() + "_spearman"] = task.Spearman;
        metrics["avg"] = r.Average;
        if (r.Alignment is { } a) metrics["alignment"] = a;
        if (r.Uniformity is { } u) metrics["uniformity"] = u;
        return metrics;
    }

    static (BertModel, WordPieceTokenizer) CreateModel(SimCseTrainingSetup setup, Generator generator) =>
        CreateModel(setup.ModelDir, setup.VocabPath, setup.NewModel, setup.Dropout, generator);

    /// <summary>The encoder a sentence-embedding run starts from: the Hugging Face folder <paramref name="modelDir"/>
    /// (with <paramref name="dropout"/> when given), or a new BERT of <paramref name="newModel"/>'s shape over
    /// <paramref name="vocabPath"/>, initialised from <paramref name="generator"/>.</summary>
    public static (BertModel, WordPieceTokenizer) CreateModel(string? modelDir, string? vocabPath, BertConfig? newModel, double? dropout, Generator generator)
    {
        if (modelDir is not null)
        {
            var dir = ModelLocator.Resolve(modelDir);   // a folder or a built-in model name
            return (HuggingFaceBertFolder.Load(dir, configure: dropout is { } p
                        ? c => c.WithDropout(p)
                        : null),
                    WordPieceTokenizer.FromDirectory(dir));
        }
        var tokenizer = WordPieceTokenizer.FromVocabFile(vocabPath!);
        var config = (newModel ?? new BertConfig()) with { VocabSize = tokenizer.VocabSize, PadTokenId = tokenizer.PadId };
        config.Validate();
        return (new BertModel(config, generator: generator), tokenizer);
    }
}

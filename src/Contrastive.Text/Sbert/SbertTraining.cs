using Contrastive.Core.Training;
using Contrastive.Text.Evaluation;
using Contrastive.Text.Pooling;
using Contrastive.Text.SimCse;
using static TorchSharp.torch;

namespace Contrastive.Text.Sbert;

/// <summary>Runs SBERT end to end with the shared <see cref="Trainer{TBatch}"/>: reads the pairs, builds or loads
/// BERT, trains, evaluates on STS data and keeps the best model, as <see cref="SimCseTraining"/> does.</summary>
public static class SbertTraining
{
    /// <summary>SBERT's warm-up: 10% of the planned steps (of the training data's pairs, or MaxSteps); when resuming,
    /// the checkpoint's own warm-up, so that a resume which plans more or fewer steps keeps the schedule's warm-up instead
    /// of being refused for a warm-up derived from the new length.</summary>
    public static int DefaultWarmup(SbertTrainingSetup setup, bool resuming = false)
    {
        if (resuming)
        {
            var checkpoint = Path.Combine(setup.Training.OutputDir, "checkpoint");
            if (File.Exists(Path.Combine(checkpoint, TrainerState.FileName))) return TrainingCheckpoint.LoadState(checkpoint).Options.WarmupSteps;
        }
        if (setup.Training.MaxSteps is { } max) return max / 10;
        int pairs = setup.Sbert.Objective == SbertObjective.Nli ? NliPairReader.ReadNli(setup.TrainFile).Pairs.Count : NliPairReader.ReadSts(setup.TrainFile).Count;
        return setup.Training.Epochs * setup.Training.StepsPerEpoch(pairs) / 10;
    }

    public static TrainingResult Run(SbertTrainingSetup setup, ITrainingObserver? observer = null, bool resume = false, CancellationToken ct = default)
    {
        setup.Validate();
        using var generator = new Generator((ulong)setup.Training.Seed);
        var (bert, tokenizer) = SimCseTraining.CreateModel(setup.ModelDir, setup.VocabPath, setup.NewModel, null, generator);
        bool nli = setup.Sbert.Objective == SbertObjective.Nli;
        var (pairs, labels) = nli ? NliPairReader.ReadNli(setup.TrainFile) : (NliPairReader.ReadSts(setup.TrainFile), 0);
        var source = new SbertBatchSource(pairs, tokenizer, setup.Sbert.MaxSeqLength, labels: nli);
        observer?.OnMessage($"SBERT {setup.Sbert.Objective.ToName()}: {source.Count:N0} pairs{(nli ? $", {labels} labels" : "")}, " +
                            $"BERT {bert.Config.NumHiddenLayers} layers x {bert.Config.HiddenSize}, pooler {setup.Sbert.Pooler.ToName()}.");
        var method = new Sbert(bert, tokenizer, setup.Sbert, Math.Max(labels, 2), generator);
        Func<IReadOnlyDictionary<string, double>>? evaluate = null;
        var training = setup.Training with { MethodSettings = setup.ResumeSettings() };
        if (setup.EvalPath is not null)
        {
            var suite = StsSuite.Load(setup.EvalPath);
            var encoder = method.CreateEncoder();
            evaluate = () => SimCseTraining.Metrics(StsEvaluator.Evaluate(suite, s => encoder.Encode(s, setup.EvalBatchSize), setup.EvalBatchSize));
            training = training with { MetricForBestModel = training.MetricForBestModel ?? (suite.Find(StsSuite.StsBenchmark) is null ? "avg" : SimCseTraining.StsbSpearman) };
        }
        return new Trainer<SbertBatch>(method, source, training, evaluate, observer).Run(resume, ct);
    }
}

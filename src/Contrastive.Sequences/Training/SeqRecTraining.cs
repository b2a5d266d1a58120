using System.Diagnostics;
using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Sequences.Augmentation;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Evaluation;
using Contrastive.Sequences.Model;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Training;

/// <summary>
/// Runs SASRec, CL4SRec, CoSeRec or DuoRec end to end as RecBole does: reads the data, splits it leave-one-out, trains with the shared
/// <see cref="Trainer{TBatch}"/> evaluating full-ranking HR/NDCG@{5,10,20} on the validation items, keeps the best
/// model by validation NDCG@10 (early stopping when <c>EarlyStoppingPatience</c> is set), then evaluates that model on
/// the test items and writes <c>results.json</c> into the output folder.
/// </summary>
public static class SeqRecTraining
{
    /// <summary>The metric that selects the best model: validation NDCG@10.</summary>
    public const string BestMetric = "ndcg@10";
    public const string ResultsFile = "results.json";

    public static SeqRecTrainingRun Run(SeqRecTrainingSetup setup, ITrainingObserver? observer = null,
                                        bool resume = false, CancellationToken ct = default)
    {
        setup.Validate();
        var data = SequenceDataset.Load(setup.DataPath, setup.Format, setup.KCore);
        if (data.Sequences.Count == 0) throw new ContrastiveException($"{setup.DataPath}: no user with an interaction.");
        var split = new LeaveOneOutSplit(data);
        var config = (setup.Shape with { NumItems = data.Items.Count }).Validate();
        var source = BatchSource(setup, split, data.Items, config.MaxSeqLength);
        if (source.Count == 0) throw new ContrastiveException($"{setup.DataPath}: no user has 2 training items (after holding out 2 for evaluation).");
        observer?.OnMessage($"{data.Sequences.Count:N0} users, {data.Items.Count:N0} items, {data.InteractionCount:N0} interactions" +
                            (data.DroppedUsers > 0 ? $" ({data.DroppedUsers:N0} users dropped)" : "") +
                            $"; {source.Count:N0} training sequences, {source.TargetCount:N0} next-item targets per epoch, " +
                            $"{split.Validation.Count:N0} validation/test cases.");

        using var generator = new Generator((ulong)setup.Training.Seed);
        var model = new SasRec(config, generator);
        var method = Method(setup, model, data.Items);

        var training = setup.EffectiveTraining with { MethodSettings = setup.ResumeSettings() };
        if (setup.EvalEpochs is { } epochs)
            training = training with { EvalSteps = Math.Max(1, epochs * training.StepsPerEpoch(source.Count)) };
        var evalClock = new Stopwatch();
        IReadOnlyDictionary<string, double> Evaluate()
        {
            evalClock.Start();
            try { return FullRankingEvaluator.Evaluate(model, split.Validation, batchSize: setup.EvalBatchSize); }
            finally { evalClock.Stop(); }
        }
        var runClock = Stopwatch.StartNew();
        var trainer = new Trainer<SequenceBatch>(method, source, training, split.Validation.Count > 0 ? Evaluate : null, observer);
        double startEpoch = resume && Directory.Exists(trainer.CheckpointDir) ? TrainingCheckpoint.LoadState(trainer.CheckpointDir).GlobalStep / (double)trainer.StepsPerEpoch : 0;
        var result = trainer.Run(resume, ct);
        runClock.Stop();
        double epochsThisRun = result.Epoch - startEpoch;
        double secondsPerEpoch = epochsThisRun > 0 ? (runClock.Elapsed - evalClock.Elapsed).TotalSeconds / epochsThisRun : double.NaN;

        var (best, _) = SasRecFolder.Load(result.BestDir);
        var report = LeaveOneOutReport.Create(result.BestDir, setup.DataPath, best, data, setup.EvalBatchSize);
        report.Save(Path.Combine(training.OutputDir, ResultsFile));
        observer?.OnMessage($"Best model (validation ndcg@10 {result.BestMetric:F4}): test hit@10 {report.Test["hit@10"]:F4}, ndcg@10 {report.Test["ndcg@10"]:F4}; " +
                            $"{secondsPerEpoch:F1} s per training epoch.");
        return new SeqRecTrainingRun(result, report, secondsPerEpoch, source.TargetCount);
    }

    /// <summary>The training examples of <paramref name="setup"/>'s model: CL4SRec's or CoSeRec's views (CoSeRec's
    /// correlations from the training sequences), DuoRec's supervised positives, or plain batches.</summary>
    public static SequenceBatchSource BatchSource(SeqRecTrainingSetup setup, LeaveOneOutSplit split, ItemVocabulary items, int maxLength) =>
        setup.Kind switch
        {
            SeqRecModelKind.Cl4SRec => new SequenceBatchSource(split.Train, maxLength, setup.Cl4SRecOptions.Augmentation(items.MaskId)),
            SeqRecModelKind.CoSeRec => new SequenceBatchSource(split.Train, maxLength, setup.CoSeRecOptions.Augmentation(items.MaskId,
                ItemCorrelation.FromCooccurrence(split.Train, items.Count, setup.CoSeRecOptions.TopK))),
            SeqRecModelKind.DuoRec => new SequenceBatchSource(split.Train, maxLength, supervisedPositives: setup.DuoRecOptions.NeedsSupervisedPositives),
            _ => new SequenceBatchSource(split.Train, maxLength),
        };

    /// <summary>The objective of <paramref name="setup"/>'s model over <paramref name="model"/>.</summary>
    public static ITrainingMethod<SequenceBatch> Method(SeqRecTrainingSetup setup, SasRec model, ItemVocabulary items) => setup.Kind switch
    {
        SeqRecModelKind.Cl4SRec => new Cl4SRecMethod(model, items, setup.Cl4SRecOptions),
        SeqRecModelKind.CoSeRec => new Cl4SRecMethod(model, items, setup.CoSeRecOptions),
        SeqRecModelKind.DuoRec => new DuoRecMethod(model, items, setup.DuoRecOptions),
        _ => new SasRecMethod(model, items),
    };
}

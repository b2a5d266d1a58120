using System.Text.Json;
using Contrastive.Core.Serialization;
using Contrastive.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class TrainerTests
{
    // 64 examples in batches of 8: 8 steps per epoch, so 20 steps cross two epoch boundaries.
    static TrainingOptions Options(string dir) => new()
    {
        OutputDir = dir, BatchSize = 8, MaxSteps = 20, EvalSteps = 5, SaveSteps = 5,
        LearningRate = 1e-2, WarmupSteps = 3, WeightDecay = 0.01, Seed = 3,
    };

    static Dictionary<string, byte[]> Weights(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.bytes.ToArray());

    static Dictionary<string, byte[]> FileWeights(string path)
    {
        var tensors = SafeTensors.Load(path);
        try { return tensors.ToDictionary(kv => kv.Key, kv => kv.Value.bytes.ToArray()); }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    static bool Same(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && kv.Value.AsSpan().SequenceEqual(v));

    static void AssertSame(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual) =>
        Assert.True(Same(expected, actual), "the weights differ");

    /// <summary>Trains <paramref name="options"/> from scratch with a fresh model and data.</summary>
    static (TrainingResult Result, TinyRegression Method) Train(TrainingOptions options, ulong init = 1)
    {
        using var data = new TinyData(64);
        var method = new TinyRegression(init);
        var result = new Trainer<TinyBatch>(method, data, options).Run();
        return (result, method);
    }

    static int GlobalStepOf(string outputDir) =>
        TrainerState.Load(Path.Combine(outputDir, "checkpoint", TrainerState.FileName)).GlobalStep;

    [Fact]
    public void Run_SameSeed_GivesBitwiseIdenticalWeights()
    {
        using var d1 = new TempDir();
        using var d2 = new TempDir();
        using var d3 = new TempDir();
        var initial = Weights(new TinyRegression(1).Net);
        var (r1, m1) = Train(Options(d1.Path));
        var (_, m2) = Train(Options(d2.Path));
        var (_, m3) = Train(Options(d3.Path) with { Seed = 4 });

        Assert.Equal(20, r1.Steps);
        Assert.False(Same(initial, Weights(m1.Net)), "training did not change the weights");
        AssertSame(Weights(m1.Net), Weights(m2.Net));
        Assert.False(Same(Weights(m1.Net), Weights(m3.Net)), "another seed (data order, dropout) gave the same weights");
    }

    [Fact]
    public void Run_KilledAfterStep13_ResumesFromStep10ToBitwiseSameWeights()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var (expected, methodA) = Train(Options(a.Path));

        using var data = new TinyData(64);
        var killer = new RecordingObserver { AfterStep = s => { if (s.Step == 13) throw new SimulatedKill(); } };
        Assert.Throws<SimulatedKill>(() => new Trainer<TinyBatch>(new TinyRegression(1), data, Options(b.Path), observer: killer).Run());
        Assert.Equal(10, GlobalStepOf(b.Path));

        // Another initialisation: the weights must come from the checkpoint.
        var resumed = new TinyRegression(99);
        var observer = new RecordingObserver();
        var result = new Trainer<TinyBatch>(resumed, data, Options(b.Path), observer: observer).Run(resume: true);

        Assert.Equal(11, observer.Steps[0].Step);
        Assert.Contains(observer.Messages, m => m.Contains("Resuming from step 10"));
        AssertSame(Weights(methodA.Net), Weights(resumed.Net));
        Assert.Equal(expected.Losses, result.Losses);
        var logSteps = File.ReadAllLines(Path.Combine(b.Path, "trainer_log.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("loss", out _))
            .Select(e => e.GetProperty("step").GetInt32());
        Assert.Equal(Enumerable.Range(1, 20), logSteps);
    }

    [Fact]
    public void Run_CancelledAfterStep13_CheckpointsStep13AndResumesToBitwiseSameWeights()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var (_, methodA) = Train(Options(a.Path));

        using var data = new TinyData(64);
        using var cts = new CancellationTokenSource();
        var canceller = new RecordingObserver { AfterStep = s => { if (s.Step == 13) cts.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new Trainer<TinyBatch>(new TinyRegression(1), data, Options(b.Path), observer: canceller).Run(ct: cts.Token));
        Assert.Equal(13, GlobalStepOf(b.Path));

        var resumed = new TinyRegression(99);
        new Trainer<TinyBatch>(resumed, data, Options(b.Path)).Run(resume: true);
        AssertSame(Weights(methodA.Net), Weights(resumed.Net));
    }

    [Fact]
    public void Run_TimeBudgetCrossed_StopsAfterThatStepAndResumesToBitwiseSameWeights()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var (_, methodA) = Train(Options(a.Path));

        using var data = new TinyData(64);
        var first = new TinyRegression(1);
        var stopped = new Trainer<TinyBatch>(first, data, Options(b.Path) with { TimeBudget = TimeSpan.FromTicks(1) }).Run();
        Assert.True(stopped.StoppedByTimeBudget);
        Assert.Equal(1, stopped.Steps);
        Assert.Equal(1, GlobalStepOf(b.Path));
        Assert.True(File.Exists(Path.Combine(stopped.FinalDir, "model.safetensors")));

        // The elapsed time counts across resumes: a budget already spent by the checkpointed run stops after one more step.
        var spent = TimeSpan.FromSeconds(TrainerState.Load(Path.Combine(b.Path, "checkpoint", TrainerState.FileName)).ElapsedSeconds);
        Assert.True(spent > TimeSpan.Zero);
        var second = new Trainer<TinyBatch>(new TinyRegression(99), data, Options(b.Path) with { TimeBudget = spent }).Run(resume: true);
        Assert.True(second.StoppedByTimeBudget);
        Assert.Equal(2, second.Steps);
        Assert.True(second.Elapsed > spent);

        var resumed = new TinyRegression(99);
        var done = new Trainer<TinyBatch>(resumed, data, Options(b.Path)).Run(resume: true);
        Assert.False(done.StoppedByTimeBudget);
        Assert.Equal(20, done.Steps);
        AssertSame(Weights(methodA.Net), Weights(resumed.Net));
    }

    [Fact]
    public void Run_NanLossAtStep8_ThrowsDivergedAndLeavesTheStep5CheckpointLoadable()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        var trainer = new Trainer<TinyBatch>(new TinyRegression(1) { NanLossAtCall = 8 }, data, Options(dir.Path));

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());

        Assert.Equal(8, e.Step);
        Assert.Equal(trainer.CheckpointDir, e.LastCheckpoint);
        Assert.Contains("step 8", e.Message);
        Assert.Contains("NaN", e.Message);
        Assert.Contains(trainer.CheckpointDir, e.Message);
        Assert.Equal(5, GlobalStepOf(dir.Path));
        Assert.Equal(7, File.ReadAllLines(trainer.LogPath).Count(l => l.Contains("\"loss\"")));
        Assert.False(Directory.Exists(trainer.FinalDir));

        var (_, reference) = Train(Options(Path.Combine(dir.Path, "reference")));
        var resumed = new TinyRegression(99);
        new Trainer<TinyBatch>(resumed, data, Options(dir.Path)).Run(resume: true);
        AssertSame(Weights(reference.Net), Weights(resumed.Net));
    }

    [Fact]
    public void Run_NanGradientWithFiniteLoss_ThrowsDivergedBeforeAnyCheckpoint()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        var method = new TinyRegression(1) { NanGradientAtCall = 2 };
        var before = Weights(method.Net);
        var trainer = new Trainer<TinyBatch>(method, data, Options(dir.Path) with { WarmupSteps = 0 });

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());

        Assert.Equal(2, e.Step);
        Assert.Null(e.LastCheckpoint);
        Assert.Contains("gradient norm is NaN", e.Message);
        Assert.Contains("no checkpoint", e.Message);
        Assert.False(Directory.Exists(trainer.CheckpointDir));
        Assert.All(Weights(method.Net).Values, w => Assert.DoesNotContain(w.Chunk(4), f => float.IsNaN(BitConverter.ToSingle(f))));
        Assert.False(Same(before, Weights(method.Net)), "step 1 should have updated the weights");
    }

    [Fact]
    public void Run_Evaluation_SavesBestOnlyWhenTheMetricImproves()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        var method = new TinyRegression(1);
        double[] scores = [0.1, 0.5, 0.3, 0.7, 0.7];
        var snapshots = new List<Dictionary<string, byte[]>>();
        IReadOnlyDictionary<string, double> Evaluate()
        {
            Assert.False(method.Net.training);
            Assert.False(torch.is_grad_enabled());
            snapshots.Add(Weights(method.Net));
            return new Dictionary<string, double> { ["score"] = scores[snapshots.Count - 1], ["other"] = -snapshots.Count };
        }
        var options = Options(dir.Path) with { EvalSteps = 4, SaveSteps = 10, MetricForBestModel = "score" };
        var observer = new RecordingObserver();

        var result = new Trainer<TinyBatch>(method, data, options, Evaluate, observer).Run();

        Assert.Equal([4, 8, 12, 16, 20], result.Evaluations.Select(e => e.Step));
        Assert.Equal([4, 8, 12, 16, 20], observer.Evaluations.Select(e => e.Step));
        Assert.Equal([4, 8, 16], method.Saves.Where(s => s.Folder == "best.tmp").Select(s => s.Calls));
        Assert.Equal([20], method.Saves.Where(s => s.Folder == "final.tmp").Select(s => s.Calls));
        Assert.Equal(0.7, result.BestMetric);
        Assert.Equal(16, result.BestStep);
        AssertSame(snapshots[3], FileWeights(Path.Combine(result.BestDir, "model.safetensors")));
        AssertSame(Weights(method.Net), FileWeights(Path.Combine(result.FinalDir, "model.safetensors")));
        Assert.True(method.Net.training);
        Assert.Equal([result.CheckpointDir, result.CheckpointDir], observer.Checkpoints);   // steps 10 and 20
        var state = TrainerState.Load(Path.Combine(result.CheckpointDir, TrainerState.FileName));
        Assert.Equal(0.7, state.BestMetric);
        Assert.Equal(5, state.EvalHistory.Count);
        Assert.Equal(-3, state.EvalHistory[2].Metrics["other"]);
    }

    [Fact]
    public void Run_EvaluationThatDrawsRandomNumbers_DoesNotChangeTheTraining()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var (_, plain) = Train(Options(a.Path));
        using var data = new TinyData(64);
        var evaluated = new TinyRegression(1);
        IReadOnlyDictionary<string, double> Evaluate() => new Dictionary<string, double> { ["r"] = torch.rand(100).sum().item<float>() };

        new Trainer<TinyBatch>(evaluated, data, Options(b.Path), Evaluate).Run();

        AssertSame(Weights(plain.Net), Weights(evaluated.Net));
    }

    [Fact]
    public void Run_WithoutEvaluation_BestIsTheFinalModel()
    {
        using var dir = new TempDir();
        var (result, method) = Train(Options(dir.Path));

        Assert.Null(result.BestStep);
        Assert.Empty(result.Evaluations);
        var final = FileWeights(Path.Combine(result.FinalDir, "model.safetensors"));
        AssertSame(Weights(method.Net), final);
        AssertSame(final, FileWeights(Path.Combine(result.BestDir, "model.safetensors")));
        AssertSame(final, FileWeights(Path.Combine(result.CheckpointDir, TrainingCheckpoint.ModelFile)));
        Assert.Equal(new[] { "best", "checkpoint", "final", "trainer_log.jsonl" }, Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Run_BestMetricMissingFromEvaluation_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        var options = Options(dir.Path) with { MetricForBestModel = "spearman" };
        var trainer = new Trainer<TinyBatch>(new TinyRegression(), data, options, () => new Dictionary<string, double> { ["pearson"] = 1 });

        var e = Assert.Throws<ContrastiveException>(() => trainer.Run());
        Assert.Contains("'spearman'", e.Message);
        Assert.Contains("pearson", e.Message);
    }

    [Fact]
    public void Run_ResumeWithoutCheckpoint_ThrowsNamingTheStateFile()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        var trainer = new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path));

        var e = Assert.Throws<ContrastiveException>(() => trainer.Run(resume: true));
        Assert.Contains(Path.Combine(trainer.CheckpointDir, TrainerState.FileName), e.Message);
    }

    [Theory]
    [InlineData(TrainerState.FileName, "{ not json")]
    [InlineData(TrainerState.FileName, "{\"global_step\": 3}")]
    [InlineData(TrainingCheckpoint.ModelFile, "abc")]
    [InlineData(TrainingCheckpoint.OptimizerFile, null)]
    public void Run_ResumeWithCorruptCheckpointFile_ThrowsNamingTheFile(string file, string? content)
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path) with { MaxSteps = 5 }).Run();
        var path = Path.Combine(dir.Path, "checkpoint", file);
        if (content is null) File.WriteAllBytes(path, File.ReadAllBytes(path)[..100]);   // truncated
        else File.WriteAllText(path, content);

        var e = Assert.ThrowsAny<ContrastiveException>(() => new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path)).Run(resume: true));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Run_ResumeWithAnotherBatchSize_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path) with { MaxSteps = 5 }).Run();

        var e = Assert.Throws<ContrastiveException>(() =>
            new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path) with { BatchSize = 4 }).Run(resume: true));
        Assert.Contains("batch size 8", e.Message);
    }

    [Fact]
    public void Run_FreshRunIntoAFolderWithACheckpoint_Throws()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path) with { MaxSteps = 5 }).Run();

        var e = Assert.Throws<ContrastiveException>(() => new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path)).Run());
        Assert.Contains("already holds a checkpoint", e.Message);
    }

    [Fact]
    public void Run_200StepsWithEvaluationAndCheckpoints_LiveTensorCountStaysFlat()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        var method = new TinyRegression();
        var live = new List<long>();
        var observer = new RecordingObserver { AfterStep = _ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount) };
        IReadOnlyDictionary<string, double> Evaluate()
        {
            var batch = data.GetBatch(Enumerable.Range(0, 16).ToArray());
            return new Dictionary<string, double> { ["neg_mse"] = -method.ComputeLoss(batch).item<float>() };
        }
        var options = Options(dir.Path) with { MaxSteps = 200, EvalSteps = 25, SaveSteps = 50, MetricForBestModel = "neg_mse" };

        new Trainer<TinyBatch>(method, data, options, Evaluate, observer).Run();

        Assert.Equal(200, live.Count);
        var afterWarmUp = live.Skip(51).ToList();   // after the first evaluation and checkpoint
        Assert.True(afterWarmUp.Max() == afterWarmUp.Min(), $"live tensors went from {afterWarmUp.Min()} to {afterWarmUp.Max()}");
    }

    [Fact]
    public void Run_EachEpoch_VisitsEveryExampleOnceInASeededOrder()
    {
        using var dir1 = new TempDir();
        using var dir2 = new TempDir();
        using var data1 = new TinyData(20);
        using var data2 = new TinyData(20);
        var options = new TrainingOptions { BatchSize = 8, Epochs = 2, Seed = 5 };

        var trainer = new Trainer<TinyBatch>(new TinyRegression(), data1, options with { OutputDir = dir1.Path });
        var result = trainer.Run();
        new Trainer<TinyBatch>(new TinyRegression(), data2, options with { OutputDir = dir2.Path }).Run();

        Assert.Equal(3, trainer.StepsPerEpoch);
        Assert.Equal(6, result.Steps);
        Assert.Equal([8, 8, 4, 8, 8, 4], data1.Requests.Select(r => r.Length));
        var epoch0 = data1.Requests.Take(3).SelectMany(r => r).ToArray();
        var epoch1 = data1.Requests.Skip(3).SelectMany(r => r).ToArray();
        Assert.Equal(Enumerable.Range(0, 20), epoch0.Order());
        Assert.Equal(Enumerable.Range(0, 20), epoch1.Order());
        Assert.NotEqual(epoch0, epoch1);
        Assert.NotEqual(Enumerable.Range(0, 20), epoch0);
        Assert.Equal(data1.Requests.SelectMany(r => r), data2.Requests.SelectMany(r => r));
    }

    [Fact]
    public void Run_DropLast_SkipsTheIncompleteBatch()
    {
        using var dir = new TempDir();
        using var data = new TinyData(20);
        var trainer = new Trainer<TinyBatch>(new TinyRegression(), data, new TrainingOptions { BatchSize = 8, Epochs = 2, DropLast = true, OutputDir = dir.Path });

        trainer.Run();

        Assert.Equal(4, trainer.TotalSteps);
        Assert.All(data.Requests, r => Assert.Equal(8, r.Length));
    }

    [Fact]
    public void Constructor_DataSmallerThanOneBatchWithDropLast_Throws()
    {
        using var data = new TinyData(5);
        var e = Assert.Throws<ContrastiveException>(() =>
            new Trainer<TinyBatch>(new TinyRegression(), data, new TrainingOptions { BatchSize = 8, DropLast = true }));
        Assert.Contains("5 examples", e.Message);
    }

    [Fact]
    public void Run_LearningRates_FollowTheWarmupAndLinearDecaySchedule()
    {
        using var dir = new TempDir();
        var (result, _) = Train(Options(dir.Path));

        var schedule = new LinearSchedule(3, 20);
        Assert.Equal(Enumerable.Range(0, 20).Select(s => 1e-2 * schedule.Factor(s)), result.Losses.Select(l => l.LearningRate));
        Assert.Equal(0.0, result.Losses[0].LearningRate);
        Assert.Equal(1e-2, result.Losses[3].LearningRate);
    }

    [Fact]
    public void Run_CosineSchedule_LearningRatesFollowIt()
    {
        using var dir = new TempDir();
        var (result, _) = Train(Options(dir.Path) with { LrSchedule = LearningRateSchedule.Cosine });

        var schedule = new CosineSchedule(3, 20);
        Assert.Equal(Enumerable.Range(0, 20).Select(s => 1e-2 * schedule.Factor(s)), result.Losses.Select(l => l.LearningRate));
        Assert.NotEqual(new LinearSchedule(3, 20).Factor(10), schedule.Factor(10));
    }

    [Fact]
    public void Run_OnStepEnd_IsCalledAfterEachStepWithTheStepAndTotal()
    {
        using var dir = new TempDir();
        var (_, method) = Train(Options(dir.Path));

        Assert.Equal(Enumerable.Range(1, 20).Select(s => (s, 20, s)), method.StepEnds);
    }

    [Fact]
    public void Run_EarlyStoppingPatience2_StopsAfterTwoEvaluationsWithoutImprovement()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        // Evaluations at steps 5, 10, 15, 20 return 0.5, 0.7, 0.6, 0.65: the best is step 10, then only one evaluation
        // without improvement before the planned end.
        var values = new Queue<double>([0.5, 0.7, 0.6, 0.65]);
        var options = Options(dir.Path) with { MetricForBestModel = "m", EarlyStoppingPatience = 2 };
        var result = new Trainer<TinyBatch>(new TinyRegression(), data, options,
                                            () => new Dictionary<string, double> { ["m"] = values.Dequeue() }).Run();

        Assert.False(result.StoppedEarly);
        Assert.Equal(20, result.Steps);
        Assert.Equal(10, result.BestStep);

        // 0.7, 0.6, 0.5: two evaluations after the best (step 5) without improvement: stop at step 15.
        using var dir2 = new TempDir();
        var values2 = new Queue<double>([0.7, 0.6, 0.5, 0.4]);
        var result2 = new Trainer<TinyBatch>(new TinyRegression(), data, options with { OutputDir = dir2.Path },
                                             () => new Dictionary<string, double> { ["m"] = values2.Dequeue() }).Run();
        Assert.True(result2.StoppedEarly);
        Assert.Equal(15, result2.Steps);
        Assert.Equal(5, result2.BestStep);
        Assert.True(Directory.Exists(Path.Combine(dir2.Path, "final")));
        Assert.Equal(15, GlobalStepOf(dir2.Path));
    }

    [Fact]
    public void Run_TrainerLog_HasOneLinePerStepAndEvaluation()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        var result = new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path), () => new Dictionary<string, double> { ["m"] = 0.5 }).Run();

        var lines = File.ReadAllLines(Path.Combine(dir.Path, "trainer_log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var losses = lines.Where(l => l.TryGetProperty("loss", out _)).ToList();
        var evals = lines.Where(l => l.TryGetProperty("eval", out _)).ToList();
        Assert.Equal(20, losses.Count);
        Assert.Equal(4, evals.Count);
        Assert.Equal(result.Losses[6].Loss, losses[6].GetProperty("loss").GetDouble());
        Assert.Equal(result.Losses[6].LearningRate, losses[6].GetProperty("learning_rate").GetDouble());
        Assert.Equal(7 / 8.0, losses[6].GetProperty("epoch").GetDouble());
        Assert.Equal(0.5, evals[1].GetProperty("eval").GetProperty("m").GetDouble());
        Assert.Equal(10, evals[1].GetProperty("step").GetInt32());
    }

    [Fact]
    public void Run_Observer_GetsTheHistoryAfterEachEvaluationAndOnceAtTheEnd()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        var observer = new RecordingObserver();
        var options = Options(dir.Path) with { EvalSteps = 8, MetricForBestModel = "score" };
        IReadOnlyDictionary<string, double> Evaluate() => new Dictionary<string, double> { ["score"] = 1 };

        var result = new Trainer<TinyBatch>(new TinyRegression(), data, options, Evaluate, observer).Run();

        // Evaluations at steps 8, 16 and the last step 20: the history holds every step and evaluation so far.
        Assert.Equal([(8, 1), (16, 2), (20, 3)], observer.Histories.Select(h => (h.Losses, h.Evaluations)));
        var end = Assert.Single(observer.Ends);
        Assert.Equal((20, 3), (end.Losses, end.Evaluations));
        Assert.Equal(dir.Path, end.OutputDir);
        Assert.Equal("score", end.MetricForBestModel);
        Assert.Equal(20, result.Losses.Count);
    }

    [Fact]
    public void Run_Cancelled_NoTrainingEnd()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        using var cts = new CancellationTokenSource();
        var observer = new RecordingObserver { AfterStep = s => { if (s.Step == 3) cts.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path), observer: observer).Run(ct: cts.Token));
        Assert.Empty(observer.Ends);
    }

    [Fact]
    public void Run_ResumeWithChangedOptions_ThrowsNamingEachDifference()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path) with { MaxSteps = 5 }).Run();

        var e = Assert.Throws<ContrastiveException>(() => new Trainer<TinyBatch>(new TinyRegression(), data,
            Options(dir.Path) with { LearningRate = 2e-2, WeightDecay = 0.1, LrSchedule = LearningRateSchedule.Cosine }).Run(resume: true));

        Assert.Contains("learning rate 0.01 -> 0.02", e.Message);
        Assert.Contains("weight decay 0.01 -> 0.1", e.Message);
        Assert.Contains("learning-rate schedule Linear -> Cosine", e.Message);
        Assert.Contains("--allow-changed", e.Message);
    }

    [Fact]
    public void Run_ResumeWithAnotherLearningRateAllowed_ContinuesAtTheNewRate()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path) with { MaxSteps = 5 }).Run();

        var trainer = new Trainer<TinyBatch>(new TinyRegression(), data,
            Options(dir.Path) with { MaxSteps = 6, LearningRate = 2e-2, AllowChangedLearningRate = true });
        var result = trainer.Run(resume: true);

        Assert.Equal(6, result.Steps);
        Assert.Equal(2e-2 * trainer.Schedule.Factor(5), result.Losses[^1].LearningRate, 12);   // the schedule from the new peak
    }

    [Fact]
    public void Run_ResumeWithALongerRunAndAnotherTimeBudget_Accepted()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        new Trainer<TinyBatch>(new TinyRegression(), data, Options(dir.Path) with { MaxSteps = 5 }).Run();

        var result = new Trainer<TinyBatch>(new TinyRegression(), data,
            Options(dir.Path) with { MaxSteps = 7, TimeBudget = TimeSpan.FromHours(1) }).Run(resume: true);

        Assert.Equal(7, result.Steps);
    }
}

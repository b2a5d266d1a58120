using Contrastive.Core.Training;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Model;
using Contrastive.Sequences.Training;

namespace Contrastive.Sequences.Tests.Training;

[Collection(GlobalRngCollection.Name)]
public class SeqRecTrainingTests
{
    /// <summary>Users walk a cycle of items (item i is followed by i + 1 mod N) with random starts: learnable.</summary>
    internal static string CycleData(string path, int users = 80, int items = 12, int seed = 1)
    {
        var rng = new Random(seed);
        File.WriteAllLines(path, Enumerable.Range(1, users).Select(u =>
        {
            int start = rng.Next(items), length = rng.Next(4, 9);
            return $"user{u} " + string.Join(' ', Enumerable.Range(0, length).Select(t => $"i{(start + t) % items}"));
        }));
        return path;
    }

    static SeqRecTrainingSetup Setup(string data, string output, SeqRecModelKind kind, long seed = 3) =>
        new(data, SequenceFormat.Sequences, kind,
            new SasRecConfig { MaxSeqLength = 10, HiddenSize = 16, NumHeads = 2, InnerSize = 32, HiddenDropout = 0.1, AttentionDropout = 0.1 },
            new TrainingOptions { OutputDir = output, BatchSize = 16, LearningRate = 1e-2, Epochs = 15, Seed = seed, MaxGradNorm = null },
            EvalEpochs: 5);

    [Theory]
    [InlineData(SeqRecModelKind.SasRec)]
    [InlineData(SeqRecModelKind.Cl4SRec)]
    [InlineData(SeqRecModelKind.CoSeRec)]
    [InlineData(SeqRecModelKind.DuoRec)]
    public void Run_LearnsACycle_SameSeedSameResults(SeqRecModelKind kind)
    {
        using var dir = new TempDir();
        var data = CycleData(dir.File("seq.txt"));
        var a = SeqRecTraining.Run(Setup(data, dir.File("a"), kind));
        var b = SeqRecTraining.Run(Setup(data, dir.File("b"), kind));
        Assert.True(a.Report.Test["hit@5"] > 0.8, $"test hit@5 {a.Report.Test["hit@5"]} (chance 5/12)");
        Assert.Equal(a.Training.Losses.Select(l => l.Loss), b.Training.Losses.Select(l => l.Loss));
        Assert.Equal(a.Report.Test, b.Report.Test);
        Assert.True(File.Exists(Path.Combine(dir.File("a"), SeqRecTraining.ResultsFile)));
        var (model, items) = SasRecFolder.Load(a.Training.BestDir);
        Assert.Equal(12, items.Count);
        Assert.Equal(12, model.Config.NumItems);
    }

    sealed class CancelAfter(int step, CancellationTokenSource cts) : ITrainingObserver
    {
        public void OnStep(TrainingStatus status) { if (status.Step == step) cts.Cancel(); }
    }

    [Theory]
    [InlineData(SeqRecModelKind.CoSeRec)]
    [InlineData(SeqRecModelKind.DuoRec)]
    public void Run_CancelledThenResumed_SameLossesAndResultsAsUninterrupted(SeqRecModelKind kind)
    {
        using var dir = new TempDir();
        var data = CycleData(dir.File("seq.txt"));
        var straight = SeqRecTraining.Run(Setup(data, dir.File("straight"), kind));

        var resumedSetup = Setup(data, dir.File("resumed"), kind);
        using var cts = new CancellationTokenSource();
        // 5 steps per epoch, a checkpoint every 5 epochs: cancelled at step 30, resumed from the checkpoint at step 25.
        Assert.ThrowsAny<OperationCanceledException>(() => SeqRecTraining.Run(resumedSetup, new CancelAfter(30, cts), ct: cts.Token));
        var resumed = SeqRecTraining.Run(resumedSetup, resume: true);

        Assert.Equal(straight.Training.Losses.Where(l => l.Step > 25).Select(l => l.Loss),
                     resumed.Training.Losses.Where(l => l.Step > 25).Select(l => l.Loss));
        Assert.Equal(straight.Report.Test, resumed.Report.Test);
    }
}

using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;

namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class SbertCommandTests
{
    [Fact]
    public void Train_StsRegression_WritesAnAvgPooledEncoder()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var train = TinyCorpus.StsBenchmark(dir, "sts-train.csv", pairs: 24);
        var output = dir.File("run");
        var (code, stderr) = InProcessCli.Run("sbert", "train", "--objective", "sts-regression", "--train-file", train, "--model", model,
            "--output-dir", output, "--batch-size", "8", "--max-steps", "3", "--max-seq-length", "16");
        Assert.True(code == 0, stderr);
        Assert.Equal(PoolerType.Avg, SentenceEncoderFolder.Load(Path.Combine(output, "final")).Pipeline.SimCsePooler);
    }

    [Fact]
    public void Train_MissingTrainFile_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("missing.csv", "sbert", "train", "--objective", "nli", "--train-file", dir.File("missing.csv"),
            "--model", TinyBert.SaveEncoderFolder(dir), "--output-dir", dir.File("o"));
    }

    [Fact]
    public void Train_ResumeWithMoreSteps_KeepsTheCheckpointsWarmup()
    {
        // The default warm-up is 10 % of the planned steps: 20 steps plan 2, 40 would plan 4. A resume that extends
        // the run keeps the checkpoint's 2 instead of refusing "warm-up steps 2 -> 4".
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var train = TinyCorpus.StsBenchmark(dir, "sts-train.csv", pairs: 24);
        var output = dir.File("run");
        string[] Args(int steps) => ["sbert", "train", "--objective", "sts-regression", "--train-file", train, "--model", model,
            "--output-dir", output, "--batch-size", "8", "--max-steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--max-seq-length", "16", "--eval-steps", "10"];
        var (code, stderr) = InProcessCli.Run(Args(20));
        Assert.True(code == 0, stderr);
        (code, stderr) = InProcessCli.Run([.. Args(40), "--resume"]);
        Assert.True(code == 0, stderr);
        var state = Contrastive.Core.Training.TrainingCheckpoint.LoadState(Path.Combine(output, "checkpoint"));
        Assert.Equal(40, state.GlobalStep);
        Assert.Equal(2, state.Options.WarmupSteps);
    }
}

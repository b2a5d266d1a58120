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
}

using Contrastive.Text.Inference;

namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class DistillCommandTests
{
    [Fact]
    public void Distill_LayerSubsetWithEvaluation_ExitsZeroAndWritesALoadableStudent()
    {
        using var dir = new TempDir();
        var teacher = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 24, seed: 2);
        var sts = TinyCorpus.StsBenchmark(dir);

        var (code, stderr) = InProcessCli.Run("distill", "--teacher", teacher, "--train-file", corpus, "--output-dir", dir.File("run"),
            "--student-layers", "1", "--max-steps", "3", "--batch-size", "8", "--eval-file", sts, "--eval-steps", "3", "--max-seq-length", "16");

        Assert.True(code == 0, stderr);
        var student = SentenceEncoderFolder.Load(dir.File("run/best"));
        Assert.Equal(1, student.Bert.Config.NumHiddenLayers);
    }

    [Theory]
    [InlineData("0,x", "--student-layers '0,x'")]
    [InlineData("5", "Teacher layer 5 does not exist")]
    public void Distill_BadStudentLayers_OneErrorLine(string layers, string named)
    {
        using var dir = new TempDir();
        var teacher = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 8, seed: 2);
        InProcessCli.AssertBadInput(named, "distill", "--teacher", teacher, "--train-file", corpus, "--output-dir", dir.File("run"),
                                    "--student-layers", layers, "--max-steps", "1");
    }

    [Fact]
    public void Distill_LayersAndShape_OneErrorLine()
    {
        using var dir = new TempDir();
        var teacher = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 8, seed: 2);
        InProcessCli.AssertBadInput("--student-layers takes the teacher's shape", "distill", "--teacher", teacher, "--train-file", corpus,
                                    "--output-dir", dir.File("run"), "--student-layers", "0", "--num-layers", "1");
    }
}

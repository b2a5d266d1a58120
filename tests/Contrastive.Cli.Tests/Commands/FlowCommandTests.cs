using Contrastive.Core.Flows;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;

namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class FlowCommandTests
{
    [Fact]
    public void Flow_CopiesTheModelAndAddsAFlowThatEvalAndEncodeApply()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 64, seed: 4);
        var output = dir.File("flowed");

        var (code, stderr) = InProcessCli.Run("flow", "--model", model, "--corpus", corpus, "--output", output, "--pooler", "avg",
            "--steps", "2", "--hidden-dim", "8", "--batch-size", "16");
        Assert.True(code == 0, stderr);
        Assert.False(GlowFlow.Exists(model));                                        // the source is left as it was
        Assert.True(GlowFlow.Exists(output));
        Assert.Equal(PoolerType.Avg, SentenceEncoderFolder.Load(output).Pipeline.SimCsePooler);

        var sentences = TinyCorpus.WriteRandom(dir, "s.txt", 5, seed: 11);
        var npy = dir.File("e.safetensors");
        (code, stderr) = InProcessCli.Run("encode", "--model", output, "--input", sentences, "--output", npy, "--no-normalize");
        Assert.True(code == 0, stderr);
        using var flow = GlowFlow.Load(output);
        var expected = flow.Transform(SentenceEncoderFolder.Load(model, PoolerType.Avg).Encode(File.ReadAllLines(sentences)));
        var actual = Contrastive.Core.Serialization.SafeTensors.Load(npy)["embeddings"];
        Assert.True(expected.allclose(actual, rtol: 1e-4, atol: 1e-5));

        (code, stderr) = InProcessCli.Run("eval", "sts", "--model", output, "--data", TinyCorpus.StsBenchmark(dir));
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void Flow_WhitenedModel_OneErrorLine()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "c.txt", 20, 1);
        var white = dir.File("white");
        Assert.Equal(0, InProcessCli.Run("whiten", "--model", model, "--corpus", corpus, "--output", white, "--k", "4").ExitCode);
        InProcessCli.AssertBadInput("whitened", "flow", "--model", white, "--corpus", corpus, "--output", dir.File("o"));
    }
}

using Contrastive.Core.PostProcessing;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;

namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class WhitenCommandTests
{
    [Fact]
    public void Whiten_CopiesTheModelAndAddsAWhiteningThatLoadAppliesWithKDimensions()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 80, seed: 4);
        var output = dir.File("whitened");

        var (code, stderr) = InProcessCli.Run("whiten", "--model", model, "--corpus", corpus, "--output", output, "--k", "8", "--pooler", "avg");

        Assert.True(code == 0, stderr);
        Assert.DoesNotContain(SentenceEncoderFolder.Load(model).Pipeline.Dense, d => d.Activation == DenseActivation.Identity);   // the source is left as it was
        var whitened = SentenceEncoderFolder.Load(output);
        Assert.Equal(8, whitened.Dimension);
        // The whitening is a module of the pipeline: mean pooling, then Dense(32 -> 8, identity).
        Assert.Equal("mean + Dense(32->8, identity)", whitened.Pipeline.Describe());

        // Re-fitting on the same corpus reproduces what the whitened folder encodes.
        var sentences = TinyCorpus.Random(5, seed: 11);
        var plain = SentenceEncoderFolder.Load(model, PoolerType.Avg);
        using var whitening = Whitening.Fit(plain.Encode(SentenceCorpus.ReadLines([corpus]).ToArray()), k: 8);
        var expected = whitening.Apply(plain.Encode(sentences));
        Assert.True(expected.allclose(whitened.Encode(sentences), rtol: 1e-3, atol: 1e-4));
    }

    [Fact]
    public void Whiten_OutputSameAsModel_OneErrorLine()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        InProcessCli.AssertBadInput("--output", "whiten", "--model", model, "--corpus", TinyCorpus.WriteRandom(dir, "c.txt", 10, 1), "--output", model);
    }
}

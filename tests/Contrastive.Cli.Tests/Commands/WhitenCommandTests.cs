using Contrastive.Core.PostProcessing;
using Contrastive.Tests;
using Contrastive.Text.Inference;

namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class WhitenCommandTests
{
    [Fact]
    public void Whiten_CopiesTheModelAndAddsAWhiteningThatLoadAppliesWithKDimensions()
    {
        using var dir = new TempDir();
        var model = CliTestData.ModelFolder(dir);
        var corpus = CliTestData.Corpus(dir, "corpus.txt", 80, seed: 4);
        var output = dir.File("whitened");

        var (code, stderr) = InProcessCli.Run("whiten", "--model", model, "--corpus", corpus, "--output", output, "--k", "8", "--pooler", "avg");

        Assert.True(code == 0, stderr);
        Assert.Null(SentenceEncoderManifest.TryLoad(model)!.Whitening);          // the source is left as it was
        var manifest = SentenceEncoderManifest.TryLoad(output)!;
        Assert.Equal((SentenceEncoderFolder.WhiteningFileName, "avg"), (manifest.Whitening, manifest.Pooler));
        var whitened = SentenceEncoderFolder.Load(output);
        Assert.Equal(8, whitened.Dimension);

        // Applying the saved whitening to the plain encoder's embeddings gives what the whitened folder encodes.
        var sentences = CliTestData.Sentences(5, seed: 11);
        using var whitening = Whitening.Load(Path.Combine(output, SentenceEncoderFolder.WhiteningFileName));
        var expected = whitening.Apply(SentenceEncoderFolder.Load(model, "avg").Encode(sentences));
        Assert.True(expected.allclose(whitened.Encode(sentences), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Whiten_OutputSameAsModel_OneErrorLine()
    {
        using var dir = new TempDir();
        var model = CliTestData.ModelFolder(dir);
        InProcessCli.AssertBadInput("--output", "whiten", "--model", model, "--corpus", CliTestData.Corpus(dir, "c.txt", 10, 1), "--output", model);
    }
}

using Contrastive.Core.Flows;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

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
    public void Flow_OnnxBackendAndSimilarity_ApplyTheFlowLikeTorch()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var output = dir.File("flowed");
        var (code, stderr) = InProcessCli.Run("flow", "--model", model, "--corpus", TinyCorpus.WriteRandom(dir, "corpus.txt", 64, seed: 4),
            "--output", output, "--pooler", "avg", "--steps", "2", "--hidden-dim", "8", "--batch-size", "16");
        Assert.True(code == 0, stderr);
        (code, stderr) = InProcessCli.Run("model", "export-onnx", "--model", output);
        Assert.True(code == 0, stderr);

        var sentences = TinyCorpus.WriteRandom(dir, "s.txt", 6, seed: 11);
        Tensor Encode(string backend)
        {
            var file = dir.File($"e-{backend}.safetensors");
            var (c, e) = InProcessCli.Run("encode", "--model", output, "--input", sentences, "--output", file, "--no-normalize", "--backend", backend);
            Assert.True(c == 0, e);
            return Contrastive.Core.Serialization.SafeTensors.Load(file)["embeddings"];
        }
        var torch = Encode("torch");
        var onnx = Encode("onnx");
        using var flow = GlowFlow.Load(output);
        var expected = flow.Transform(SentenceEncoderFolder.Load(model, PoolerType.Avg).Encode(File.ReadAllLines(sentences)));
        Assert.True(expected.allclose(torch, rtol: 1e-4, atol: 1e-5));
        Assert.True(expected.allclose(onnx, rtol: 1e-3, atol: 1e-4), $"max |onnx - torch| = {(onnx - torch).abs().max().item<float>()}");

        // similarity, search and serve load through the same loader: the cosine of the flowed embeddings.
        var lines = File.ReadAllLines(sentences);
        using var embedder = Contrastive.Embeddings.SentenceEmbedder.Load(output);
        double flowed = nn.functional.cosine_similarity(expected[0].unsqueeze(0), expected[1].unsqueeze(0)).item<float>();
        Assert.Equal(flowed, embedder.Similarity(lines[0], lines[1]), 4);
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

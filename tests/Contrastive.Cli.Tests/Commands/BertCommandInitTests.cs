using Contrastive.Text.Bert;
using Contrastive.Text.Inference;

namespace Contrastive.Cli.Tests.Commands;

public class BertCommandInitTests
{
    [Fact]
    public void Init_WritesALoadableUntrainedEncoderOfTheGivenShape()
    {
        using var dir = new TempDir();
        var output = dir.File("untrained");
        var (code, stderr) = InProcessCli.Run("bert", "init", "--vocab", TinyVocabulary.Words.Write(dir), "--out", output,
                                              "--hidden-size", "32", "--num-layers", "2", "--num-heads", "2", "--pooler", "avg");
        Assert.True(code == 0, stderr);
        var config = BertConfig.Load(Path.Combine(output, "config.json"));
        Assert.Equal((32, 2, 2, 128), (config.HiddenSize, config.NumHiddenLayers, config.NumAttentionHeads, config.IntermediateSize));
        var encoder = SentenceEncoderFolder.Load(output);
        Assert.Equal(Text.Pooling.PoolerType.Avg, encoder.Pipeline.SimCsePooler);
        Assert.Equal([2L, 32], encoder.Encode(["the man reads a book .", "a dog"]).shape);
    }

    [Fact]
    public void Init_SameSeed_SameWeights_OtherSeed_OtherWeights()
    {
        using var dir = new TempDir();
        var vocab = TinyVocabulary.Words.Write(dir);
        string Init(string name, string seed)
        {
            var (code, stderr) = InProcessCli.Run("bert", "init", "--vocab", vocab, "--out", dir.File(name), "--hidden-size", "32",
                                                  "--num-layers", "1", "--num-heads", "2", "--seed", seed);
            Assert.True(code == 0, stderr);
            return dir.File(Path.Combine(name, "model.safetensors"));
        }
        var a = File.ReadAllBytes(Init("a", "7"));
        Assert.Equal(a, File.ReadAllBytes(Init("b", "7")));
        Assert.NotEqual(a, File.ReadAllBytes(Init("c", "8")));
    }

    [Fact]
    public void Init_MissingVocab_OneErrorLine() =>
        InProcessCli.AssertBadInput("/nonexistent/vocab.txt", "bert", "init", "--vocab", "/nonexistent/vocab.txt", "--out", "/tmp/never");
}

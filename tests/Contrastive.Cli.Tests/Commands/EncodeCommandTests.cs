using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class EncodeCommandTests
{
    [Fact]
    public void Encode_Bf16_WritesFloat32EmbeddingsAgreeingWithFloat32()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var input = TinyCorpus.WriteRandom(dir, "in.txt", 9, seed: 6);

        var (code, stderr) = InProcessCli.Run("encode", "--model", model, "--input", input, "--output", dir.File("fp32.safetensors"));
        Assert.True(code == 0, stderr);
        (code, stderr) = InProcessCli.Run("encode", "--model", model, "--input", input, "--output", dir.File("bf16.safetensors"), "--dtype", "bf16");
        Assert.True(code == 0, stderr);

        using var scope = NewDisposeScope();
        var a = SafeTensors.Load(dir.File("fp32.safetensors"))["embeddings"];
        var b = SafeTensors.Load(dir.File("bf16.safetensors"))["embeddings"];
        Assert.Equal(ScalarType.Float32, b.dtype);
        Assert.Equal(a.shape, b.shape);
        Assert.True((a * b).sum(1).min().item<float>() > 0.99f);
    }

    [Fact]
    public void Encode_UnknownDtypeOrBadBatchSize_OneErrorLine()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var input = TinyCorpus.WriteRandom(dir, "in.txt", 3, seed: 6);
        InProcessCli.AssertBadInput("--dtype", "encode", "--model", model, "--input", input, "--output", dir.File("e.npy"), "--dtype", "int4");
        InProcessCli.AssertBadInput("--batch-size", "encode", "--model", model, "--input", input, "--output", dir.File("e.npy"), "--batch-size", "0");
    }
}

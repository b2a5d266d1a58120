using Contrastive.Core;
using Contrastive.Tests;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tests.Bert;
using Contrastive.Text.Tests.SimCse;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Inference;

public class SentenceEncoderFolderTests
{
    /// <summary>Saves a tiny model with <paramref name="pooler"/> into dir/model and returns the folder and the model.</summary>
    static (string Folder, BertModel Bert) Saved(TempDir dir, PoolerType pooler, int maxSeqLength = 24)
    {
        var bert = TinyText.Model(seed: 7);
        var folder = dir.File("model");
        SentenceEncoderFolder.Save(folder, bert, TinyText.Tokenizer(dir), new SentenceEncoderManifest(pooler.ToName(), maxSeqLength));
        return (folder, bert);
    }

    [Theory]
    [InlineData(PoolerType.Cls)]
    [InlineData(PoolerType.ClsBeforePooler)]
    [InlineData(PoolerType.Avg)]
    [InlineData(PoolerType.AvgTop2)]
    [InlineData(PoolerType.AvgFirstLast)]
    public void SaveThenLoad_SameEmbeddingsBitwise(PoolerType pooler)
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var (folder, bert) = Saved(dir, pooler);
        var original = new SentenceEncoder(bert, TinyText.Tokenizer(dir), pooler, 24);

        var loaded = SentenceEncoderFolder.Load(folder);

        Assert.Equal(pooler, loaded.Pooler.Type);
        Assert.Equal(24, loaded.MaxSeqLength);
        Assert.True(TinyBert.Same(original.Encode(TinyText.Sentences, batchSize: 3), loaded.Encode(TinyText.Sentences, batchSize: 3)));
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.txt", SentenceEncoderManifest.FileName })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        // sentence-transformers files only where its Pooling module can express the pooler.
        Assert.Equal(pooler is not (PoolerType.AvgTop2 or PoolerType.AvgFirstLast),
                     File.Exists(Path.Combine(folder, SentenceTransformersFolder.ModulesFileName)));
    }

    [Fact]
    public void Load_PoolerOverride_WinsOverTheManifest()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var (folder, bert) = Saved(dir, PoolerType.Cls);

        var loaded = SentenceEncoderFolder.Load(folder, poolerOverride: "avg", maxSeqLength: 10);

        Assert.Equal(PoolerType.Avg, loaded.Pooler.Type);
        Assert.Equal(10, loaded.MaxSeqLength);
        var expected = new SentenceEncoder(bert, loaded.Tokenizer, PoolerType.Avg, 10).Encode(TinyText.Sentences);
        Assert.True(TinyBert.Same(expected, loaded.Encode(TinyText.Sentences)));
    }

    [Fact]
    public void Load_NoManifest_FallsBackToSentenceTransformersThenCls()
    {
        using var dir = new TempDir();
        var (folder, _) = Saved(dir, PoolerType.Avg);
        File.Delete(Path.Combine(folder, SentenceEncoderManifest.FileName));

        Assert.Equal(PoolerType.Avg, SentenceEncoderFolder.Load(folder).Pooler.Type);
        Assert.Equal(64, SentenceEncoderFolder.Load(folder).MaxSeqLength);   // the default 128, capped at the 64 positions

        File.Delete(Path.Combine(folder, SentenceTransformersFolder.ModulesFileName));
        Assert.Equal(PoolerType.Cls, SentenceEncoderFolder.Load(folder).Pooler.Type);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        var missing = dir.File("no-such-model");

        var e = Assert.Throws<ContrastiveException>(() => SentenceEncoderFolder.Load(missing));

        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void Load_UnknownPoolerOverride_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        var (folder, _) = Saved(dir, PoolerType.Cls);

        var e = Assert.Throws<ContrastiveException>(() => SentenceEncoderFolder.Load(folder, poolerOverride: "max"));

        Assert.Contains("'max'", e.Message);
    }

    [Fact]
    public void Load_CorruptWeights_ThrowsNamingTheFile()
    {
        using var dir = new TempDir();
        var (folder, _) = Saved(dir, PoolerType.Cls);
        var weights = Path.Combine(folder, HuggingFaceBertFolder.WeightsFileName);
        File.WriteAllBytes(weights, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

        var e = Assert.Throws<Core.Serialization.SafeTensorsFormatException>(() => SentenceEncoderFolder.Load(folder));

        Assert.Contains(weights, e.Message);
    }

    [Fact]
    public void Load_MaxSeqLengthBelowThree_ThrowsNamingTheValue()
    {
        using var dir = new TempDir();
        var (folder, _) = Saved(dir, PoolerType.Cls);

        var e = Assert.Throws<ContrastiveException>(() => SentenceEncoderFolder.Load(folder, maxSeqLength: 2));

        Assert.Contains("got 2", e.Message);
    }
}

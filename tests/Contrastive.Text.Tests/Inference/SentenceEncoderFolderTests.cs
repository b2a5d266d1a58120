using Contrastive.Core;
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
        var bert = TinyBert.Words.Model(seed: 7);
        var folder = dir.File("model");
        SentenceEncoderFolder.Save(folder, bert, TinyVocabulary.Words.Tokenizer(dir), SentencePipeline.FromPooler(bert, pooler, maxSeqLength));
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
        var original = new SentenceEncoder(bert, TinyVocabulary.Words.Tokenizer(dir), pooler, 24);

        var loaded = SentenceEncoderFolder.Load(folder);

        Assert.Equal(pooler, loaded.Pipeline.SimCsePooler);
        Assert.Equal(24, loaded.MaxSeqLength);
        Assert.True(TestTensors.Same(original.Encode(TinyCorpus.Sentences, batchSize: 3), loaded.Encode(TinyCorpus.Sentences, batchSize: 3)));
        foreach (var file in new[] { "config.json", "model.safetensors", "vocab.txt", SentenceTransformersFolder.ModulesFileName })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        Assert.False(File.Exists(Path.Combine(folder, SentenceEncoderManifest.FileName)));   // modules.json is the one description
    }

    [Fact]
    public void Load_PoolerOverride_WinsOverThePipeline()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var (folder, bert) = Saved(dir, PoolerType.Cls);

        var loaded = SentenceEncoderFolder.Load(folder, poolerOverride: PoolerType.Avg, maxSeqLength: 10);

        Assert.Equal(PoolerType.Avg, loaded.Pipeline.SimCsePooler);
        Assert.Equal(10, loaded.MaxSeqLength);
        var expected = new SentenceEncoder(bert, loaded.Tokenizer, PoolerType.Avg, 10).Encode(TinyCorpus.Sentences);
        Assert.True(TestTensors.Same(expected, loaded.Encode(TinyCorpus.Sentences)));
    }

    [Fact]
    public void Load_PlainHuggingFaceFolder_UsesTheStatedDefaultPooler()
    {
        using var dir = new TempDir();
        var (folder, _) = Saved(dir, PoolerType.Avg);
        File.Delete(Path.Combine(folder, SentenceTransformersFolder.ModulesFileName));
        var notices = new List<string>();

        var loaded = SentenceEncoderFolder.Load(folder, log: notices.Add);

        Assert.Equal(PoolerType.Cls, loaded.Pipeline.SimCsePooler);
        Assert.Equal(64, loaded.MaxSeqLength);   // the default 128, capped at the 64 positions
        Assert.Contains(notices, n => n.Contains("default pooler 'cls'"));
    }

    [Fact]
    public void Load_FolderOfAnEarlierVersionWithContrastiveJson_KeepsItsPoolerAndWhitening()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var (folder, bert) = Saved(dir, PoolerType.Cls);
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        using var whitening = Core.PostProcessing.Whitening.Fit(new SentenceEncoder(bert, tokenizer, PoolerType.Avg, 20).Encode(TinyCorpus.Sentences), k: 3);
        whitening.Save(Path.Combine(folder, SentenceEncoderManifest.WhiteningFileName));
        File.WriteAllText(Path.Combine(folder, SentenceEncoderManifest.FileName),
            """{"pooler":"avg","max_seq_length":20,"whitening":"whitening.safetensors","format":"contrastive-sentence-encoder","version":1}""");

        var loaded = SentenceEncoderFolder.Load(folder);

        var expected = whitening.Apply(new SentenceEncoder(bert, tokenizer, PoolerType.Avg, 20).Encode(TinyCorpus.Sentences));
        Assert.Equal(3, loaded.Dimension);
        Assert.True(expected.allclose(loaded.Encode(TinyCorpus.Sentences), rtol: 1e-4, atol: 1e-5));
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

        var e = Assert.Throws<ContrastiveException>(() => SentenceEncoderFolder.Load(folder, poolerOverride: PoolerTypeNames.Parse("max")));

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

using System.Text.Json;
using Contrastive.Core;
using Contrastive.Text.Bert;

namespace Contrastive.Text.Tests.Bert;

public class BertConfigTests
{
    [Fact]
    public void Defaults_AreBertBaseUncased()
    {
        var c = new BertConfig().Validate();
        Assert.Equal((30522, 768, 12, 12, 3072, 512, 2), (c.VocabSize, c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads, c.IntermediateSize, c.MaxPositionEmbeddings, c.TypeVocabSize));
        Assert.Equal(("gelu", 0.1, 0.1, 0.02, 1e-12, 0), (c.HiddenAct, c.HiddenDropoutProb, c.AttentionProbsDropoutProb, c.InitializerRange, c.LayerNormEps, c.PadTokenId));
        Assert.Equal(64, c.HeadSize);
    }

    [Theory]
    [InlineData("hidden", "hidden_size 30 is not divisible by num_attention_heads 4")]
    [InlineData("layers", "num_hidden_layers 0 must be positive")]
    [InlineData("dropout", "hidden_dropout_prob 1 must lie in [0, 1)")]
    [InlineData("attn", "attention_probs_dropout_prob -0.1 must lie in [0, 1)")]
    [InlineData("act", "hidden_act 'tanh' is not supported")]
    [InlineData("pad", "pad_token_id 100 must lie in [0, vocab_size 100)")]
    [InlineData("pos", "position_embedding_type 'relative_key' is not supported")]
    public void Validate_InvalidValue_ThrowsNamingIt(string which, string expected)
    {
        var c = TinyBert.Ids.Config;
        c = which switch
        {
            "hidden" => c with { HiddenSize = 30 },
            "layers" => c with { NumHiddenLayers = 0 },
            "dropout" => c with { HiddenDropoutProb = 1.0 },
            "attn" => c with { AttentionProbsDropoutProb = -0.1 },
            "act" => c with { HiddenAct = "tanh" },
            "pad" => c with { PadTokenId = 100 },
            _ => c with { PositionEmbeddingType = "relative_key" },
        };
        var e = Assert.Throws<ContrastiveException>(() => c.Validate());
        Assert.Contains(expected, e.Message);
    }

    [SkippableFact]
    public void Load_RealBertBaseUncasedConfig_ReadsEveryValue()
    {
        var path = SharedData.Require("vocab/config.json");
        var c = BertConfig.Load(path);
        Assert.Equal(new BertConfig() with { Architectures = c.Architectures, TransformersVersion = c.TransformersVersion }, c);
        Assert.Equal(["BertForMaskedLM"], c.Architectures!);
        Assert.Equal("4.6.0.dev0", c.TransformersVersion);
    }

    [Fact]
    public void SaveThenLoad_RoundTripsWithHuggingFaceKeys()
    {
        using var dir = new TempDir();
        var path = dir.File("config.json");
        var c = TinyBert.Ids.Config with { HiddenAct = "gelu_new", LayerNormEps = 1e-7, PadTokenId = 3 };
        c.Save(path);

        var loaded = BertConfig.Load(path);
        Assert.Equal(c with { Architectures = loaded.Architectures }, loaded);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        Assert.Equal("bert", root.GetProperty("model_type").GetString());
        Assert.Equal(["BertModel"], root.GetProperty("architectures").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(BertConfig.DefaultTransformersVersion, root.GetProperty("transformers_version").GetString());
        Assert.Equal(32, root.GetProperty("hidden_size").GetInt32());
        Assert.Equal(1e-7, root.GetProperty("layer_norm_eps").GetDouble());
        Assert.Equal(3, root.GetProperty("pad_token_id").GetInt32());
        Assert.False(root.TryGetProperty("head_size", out _));
    }

    [Fact]
    public void Save_GivenArchitectures_KeepsThem()
    {
        using var dir = new TempDir();
        var path = dir.File("config.json");
        (TinyBert.Ids.Config with { Architectures = ["BertForMaskedLM"] }).Save(path);
        Assert.Equal(["BertForMaskedLM"], BertConfig.Load(path).Architectures!);
    }

    [Fact]
    public void Load_UnknownKeysAndMissingKeys_IgnoredAndDefaulted()
    {
        using var dir = new TempDir();
        var path = dir.File("config.json");
        File.WriteAllText(path, """{"hidden_size": 32, "num_attention_heads": 4, "use_cache": true, "gradient_checkpointing": false, "classifier_dropout": null}""");
        var c = BertConfig.Load(path);
        Assert.Equal((32, 4, 30522, 12), (c.HiddenSize, c.NumAttentionHeads, c.VocabSize, c.NumHiddenLayers));
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var path = dir.File("nope.json");
        var e = Assert.Throws<ContrastiveException>(() => BertConfig.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("{\"hidden_size\": ")]
    [InlineData("{\"hidden_size\": \"big\"}")]
    [InlineData("[1, 2]")]
    [InlineData("null")]
    public void Load_MalformedJson_ThrowsNamingFile(string json)
    {
        using var dir = new TempDir();
        var path = dir.File("config.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<ContrastiveException>(() => BertConfig.Load(path));
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void Load_InvalidValue_ThrowsNamingFileAndValue()
    {
        using var dir = new TempDir();
        var path = dir.File("config.json");
        File.WriteAllText(path, """{"hidden_size": 30, "num_attention_heads": 4}""");
        var e = Assert.Throws<ContrastiveException>(() => BertConfig.Load(path));
        Assert.Equal($"{path}: hidden_size 30 is not divisible by num_attention_heads 4.", e.Message);
    }
}

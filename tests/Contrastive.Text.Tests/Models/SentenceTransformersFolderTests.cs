using System.Text.Json;
using System.Text.Json.Nodes;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tests.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Models;

public class SentenceTransformersFolderTests
{
    static JsonNode Json(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    static string Modules(params (string Path, string Type)[] modules) =>
        JsonSerializer.Serialize(modules.Select((m, i) => new { idx = i, name = i.ToString(), path = m.Path, type = m.Type }));

    static void Save(string dir, BertModel model, PoolerType pooler, int maxSeqLength) =>
        SentenceTransformersFolder.Save(dir, SentencePipeline.FromPooler(model, pooler, maxSeqLength), model.Config);

    [Fact]
    public void Save_Cls_WritesTransformerPoolingAndTanhDenseWithPoolerWeights()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var model = TinyBert.Ids.Model(seed: 21, eval: true);
        Save(dir.Path, model, PoolerType.Cls, maxSeqLength: 12);

        var modules = Json(dir.File("modules.json")).AsArray();
        Assert.Equal(3, modules.Count);
        Assert.Equal("""{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"}""", modules[0]!.ToJsonString());
        Assert.Equal("""{"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"}""", modules[1]!.ToJsonString());
        Assert.Equal("""{"idx":2,"name":"2","path":"2_Dense","type":"sentence_transformers.models.Dense"}""", modules[2]!.ToJsonString());

        var pooling = Json(dir.File("1_Pooling/config.json"));
        Assert.Equal(32, pooling["word_embedding_dimension"]!.GetValue<int>());
        Assert.True(pooling["pooling_mode_cls_token"]!.GetValue<bool>());
        Assert.False(pooling["pooling_mode_mean_tokens"]!.GetValue<bool>());
        Assert.False(pooling["pooling_mode_max_tokens"]!.GetValue<bool>());

        Assert.Equal("""{"in_features":32,"out_features":32,"bias":true,"activation_function":"torch.nn.modules.activation.Tanh"}""",
            Json(dir.File("2_Dense/config.json")).ToJsonString());
        Assert.Equal("""{"max_seq_length":12,"do_lower_case":false}""", Json(dir.File("sentence_bert_config.json")).ToJsonString());
        var st = Json(dir.File("config_sentence_transformers.json"));
        Assert.NotNull(st["__version__"]!["sentence_transformers"]);
        Assert.Equal("cosine", st["similarity_fn_name"]!.GetValue<string>());

        // The Dense module applied to the CLS token reproduces the "cls" pooler output.
        var dense = SafeTensors.Load(dir.File("2_Dense/model.safetensors"));
        Assert.Equal(["linear.bias", "linear.weight"], dense.Keys.Order());
        Assert.Equal("pt", SafeTensors.ReadHeader(dir.File("2_Dense/model.safetensors")).Metadata["format"]);
        var ids = TestTensors.Ids([2, 15, 27, 3]);
        var output = model.Forward(ids, ones_like(ids));
        var viaDense = nn.functional.linear(output.LastHiddenState[.., 0], dense["linear.weight"], dense["linear.bias"]).tanh();
        Assert.True(viaDense.allclose(output.PoolerOutput!, rtol: 1e-6, atol: 1e-7));
    }

    [Theory]
    [InlineData(PoolerType.ClsBeforePooler, "pooling_mode_cls_token")]
    [InlineData(PoolerType.Avg, "pooling_mode_mean_tokens")]
    public void Save_WithoutDense_SetsExactlyOnePoolingFlag(PoolerType type, string flag)
    {
        using var dir = new TempDir();
        using var model = TinyBert.Ids.Model(eval: true);
        Save(dir.Path, model, PoolerType.Cls, 16);   // a stale 2_Dense must go
        Save(dir.Path, model, type, 16);

        Assert.Equal(2, Json(dir.File("modules.json")).AsArray().Count);
        Assert.False(Directory.Exists(dir.File("2_Dense")));
        var pooling = Json(dir.File("1_Pooling/config.json")).AsObject();
        var enabled = pooling.Where(kv => kv.Key.StartsWith("pooling_mode_") && kv.Value!.GetValue<bool>()).Select(kv => kv.Key);
        Assert.Equal([flag], enabled);
    }

    [Theory]
    [InlineData(PoolerType.AvgTop2, "avg_top2")]
    [InlineData(PoolerType.AvgFirstLast, "avg_first_last")]
    public void Save_IntermediateLayerPooler_WritesOurOwnModuleTypeThatSentenceTransformersRefuses(PoolerType type, string name)
    {
        using var dir = new TempDir();
        using var model = TinyBert.Ids.Model(eval: true);
        Save(dir.Path, model, type, 16);
        var modules = Json(dir.File("modules.json")).AsArray();
        Assert.Equal("contrastive.models.LayerAveragePooling", modules[1]!["type"]!.GetValue<string>());
        Assert.Equal(name, Json(dir.File("1_Pooling/config.json"))["pooling_mode"]!.GetValue<string>());
        Assert.Equal(type, SentenceTransformersFolder.Read(dir.Path, 128).SimCsePooler);
    }

    [Fact]
    public void Save_MaxSeqLengthBeyondPositions_Throws()
    {
        using var dir = new TempDir();
        using var model = TinyBert.Ids.Model(eval: true);
        var e = Assert.Throws<ContrastiveException>(() => Save(dir.Path, model, PoolerType.Avg, 17));
        Assert.Contains("max_seq_length 17", e.Message);
    }

    [Theory]
    [InlineData(PoolerType.Cls)]
    [InlineData(PoolerType.ClsBeforePooler)]
    [InlineData(PoolerType.Avg)]
    public void Read_AfterSave_RoundTrips(PoolerType type)
    {
        using var dir = new TempDir();
        using var model = TinyBert.Ids.Model(eval: true);
        Save(dir.Path, model, type, 16);
        var pipeline = SentenceTransformersFolder.Read(dir.Path, 128);
        Assert.Equal((type, 16, false), (pipeline.SimCsePooler, pipeline.MaxSeqLength, pipeline.Normalize));
    }

    [Fact]
    public void Read_MaxPoolingNormalizeAndPrompts_AreReadAsWritten()
    {
        using var dir = new TempDir();
        using var model = TinyBert.Ids.Model(eval: true);
        var pipeline = new SentencePipeline(TokenPooling.Max, [], Normalize: true, 16) { Prompts = new Dictionary<string, string> { ["query"] = "q: " } };
        SentenceTransformersFolder.Save(dir.Path, pipeline, model.Config);

        var read = SentenceTransformersFolder.Read(dir.Path, 128);

        Assert.Equal((TokenPooling.Max, true, "q: "), (read.Pooling, read.Normalize, read.QueryPrompt));
        Assert.Equal("sentence_transformers.models.Normalize", Json(dir.File("modules.json"))[2]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Read_UnknownModuleType_ThrowsNamingModules()
    {
        using var dir = new TempDir();
        using var model = TinyBert.Ids.Model(eval: true);
        Save(dir.Path, model, PoolerType.Avg, 16);
        File.WriteAllText(dir.File("modules.json"), Modules(("", "sentence_transformers.models.Transformer"),
            ("1_Pooling", "sentence_transformers.models.Pooling"), ("2_X", "sentence_transformers.models.LayerNorm")));
        var e = Assert.Throws<ContrastiveException>(() => SentenceTransformersFolder.Read(dir.Path, 128));
        Assert.Contains(dir.File("modules.json"), e.Message);
        Assert.Contains("sentence_transformers.models.LayerNorm", e.Message);
    }

    [Fact]
    public void Read_TwoPoolingModes_ThrowsNamingThePoolingConfig()
    {
        using var dir = new TempDir();
        using var model = TinyBert.Ids.Model(eval: true);
        Save(dir.Path, model, PoolerType.Avg, 16);
        var pooling = Json(dir.File("1_Pooling/config.json")).AsObject();
        pooling["pooling_mode_max_tokens"] = true;
        File.WriteAllText(dir.File("1_Pooling/config.json"), pooling.ToJsonString());
        var e = Assert.Throws<ContrastiveException>(() => SentenceTransformersFolder.Read(dir.Path, 128));
        Assert.Contains(dir.File("1_Pooling/config.json"), e.Message);
        Assert.Contains("pooling_mode_max_tokens", e.Message);
    }

    [Fact]
    public void Read_DenseWithOtherActivation_ThrowsNamingItsConfig()
    {
        using var dir = new TempDir();
        using var model = TinyBert.Ids.Model(eval: true);
        Save(dir.Path, model, PoolerType.Cls, 16);
        File.WriteAllText(dir.File("2_Dense/config.json"),
            """{"in_features":32,"out_features":32,"bias":true,"activation_function":"torch.nn.modules.activation.ReLU"}""");
        var e = Assert.Throws<ContrastiveException>(() => SentenceTransformersFolder.Read(dir.Path, 128));
        Assert.Contains(dir.File("2_Dense/config.json"), e.Message);
    }

    [Fact]
    public void Read_NotAFolderOfSentenceTransformers_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ContrastiveException>(() => SentenceTransformersFolder.Read(dir.Path, 128));
        Assert.Contains(dir.File("modules.json"), e.Message);
        File.WriteAllText(dir.File("modules.json"), "{ nope");
        e = Assert.Throws<ContrastiveException>(() => SentenceTransformersFolder.Read(dir.Path, 128));
        Assert.Contains("malformed JSON", e.Message);
    }
}

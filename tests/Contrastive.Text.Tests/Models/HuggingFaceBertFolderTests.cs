using System.Text.Json;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Bert;
using Contrastive.Text.Models;
using Contrastive.Text.Tests.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Models;

public class HuggingFaceBertFolderTests
{
    static Tensor Ids => TestTensors.Ids([2, 15, 27, 39, 3], [2, 11, 3, 0, 0]);
    static Tensor Mask => TestTensors.Mask([1, 1, 1, 1, 1], [1, 1, 1, 0, 0]);

    static void AssertSameOutputs(BertModel expected, BertModel actual)
    {
        var a = expected.Forward(Ids, Mask);
        var b = actual.Forward(Ids, Mask);
        Assert.True(TestTensors.Same(a.LastHiddenState, b.LastHiddenState));
        Assert.True(TestTensors.Same(a.PoolerOutput!, b.PoolerOutput!));
    }

    /// <summary>A checkpoint laid out the old Hugging Face way: "bert." prefix, LayerNorm.gamma/beta, heads and position_ids.</summary>
    static Dictionary<string, Tensor> PreTrainingStyle(BertModel source)
    {
        var file = new Dictionary<string, Tensor>();
        foreach (var (key, value) in source.state_dict())
        {
            var name = "bert." + key;
            name = name.EndsWith("LayerNorm.weight") ? name[..^"weight".Length] + "gamma"
                 : name.EndsWith("LayerNorm.bias") ? name[..^"bias".Length] + "beta"
                 : name;
            file[name] = value;
        }
        file["bert.embeddings.position_ids"] = arange(16L).unsqueeze(0);
        file["cls.predictions.bias"] = zeros(100);
        file["cls.predictions.transform.dense.weight"] = zeros(32, 32);
        file["cls.predictions.decoder.weight"] = zeros(100, 32);
        file["cls.seq_relationship.weight"] = zeros(2, 32);
        file["cls.seq_relationship.bias"] = zeros(2);
        return file;
    }

    static void WriteFolder(string dir, BertConfig config, Dictionary<string, Tensor> tensors)
    {
        Directory.CreateDirectory(dir);
        config.Save(Path.Combine(dir, "config.json"));
        SafeTensors.Save(Path.Combine(dir, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }

    [Fact]
    public void Load_HuggingFaceLayoutWithPrefixGammaBetaAndHeads_GivesIdenticalOutputs()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(seed: 11, eval: true);
        var file = PreTrainingStyle(source);
        Assert.Contains("bert.encoder.layer.1.attention.output.LayerNorm.gamma", file.Keys);
        WriteFolder(dir.Path, source.Config, file);

        using var loaded = HuggingFaceBertFolder.Load(dir.Path);
        loaded.eval();
        AssertSameOutputs(source, loaded);
    }

    [Fact]
    public void SaveThenLoad_BitwiseIdenticalOutputs_AndHuggingFaceFiles()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(seed: 12, eval: true);
        HuggingFaceBertFolder.Save(dir.Path, source);

        var header = SafeTensors.ReadHeader(Path.Combine(dir.Path, "model.safetensors"));
        Assert.Equal(TinyBert.HuggingFaceKeys(2).Order(), header.Tensors.Keys.Order());
        Assert.All(header.Tensors.Values, e => Assert.Equal("F32", e.DType));
        Assert.Equal("pt", header.Metadata["format"]);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "config.json")));
        Assert.Equal(["BertModel"], config.RootElement.GetProperty("architectures").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("bert", config.RootElement.GetProperty("model_type").GetString());

        using var loaded = HuggingFaceBertFolder.Load(dir.Path);
        loaded.eval();
        Assert.Equal(source.Config with { Architectures = loaded.Config.Architectures }, loaded.Config);
        AssertSameOutputs(source, loaded);
    }

    [Fact]
    public void Load_MissingKeys_ThrowListingThem_OrAreReportedWhenAllowed()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(seed: 13, eval: true);
        var file = source.state_dict();
        file.Remove("encoder.layer.0.output.dense.bias");
        WriteFolder(dir.Path, source.Config, file);

        var e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));
        Assert.Contains("missing keys encoder.layer.0.output.dense.bias", e.Message);
        Assert.StartsWith(Path.Combine(dir.Path, "model.safetensors"), e.Message);

        using var model = new BertModel(source.Config, generator: new Generator(1, CPU));
        var report = HuggingFaceBertFolder.LoadWeights(model, Path.Combine(dir.Path, "model.safetensors"), allowMissingKeys: true);
        Assert.Equal(["encoder.layer.0.output.dense.bias"], report.MissingKeys);
        Assert.Empty(report.UnexpectedKeys);
        Assert.True(TestTensors.Same(source.embeddings.word_embeddings.weight!, model.embeddings.word_embeddings.weight!));
    }

    [Fact]
    public void Load_NoPoolerWeights_InitialisesThemAsHuggingFaceWithAWarningNamingTheKeys()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(seed: 13, eval: true);
        var file = source.state_dict();
        file.Remove("pooler.dense.weight");
        file.Remove("pooler.dense.bias");
        WriteFolder(dir.Path, source.Config, file);
        var warnings = new List<string>();

        using var model = HuggingFaceBertFolder.Load(dir.Path, generator: new Generator(5, CPU), log: warnings.Add);

        var warning = Assert.Single(warnings);
        Assert.Contains("pooler.dense.bias, pooler.dense.weight", warning);
        Assert.True(TestTensors.Same(source.embeddings.word_embeddings.weight!, model.embeddings.word_embeddings.weight!));
        var w = model.pooler!.dense.weight!;
        Assert.Equal(0.0, model.pooler.dense.bias!.abs().max().item<float>());
        double std = w.std().item<float>();
        Assert.InRange(std, 0.8 * source.Config.InitializerRange, 1.2 * source.Config.InitializerRange);   // N(0, initializer_range)
    }

    [Fact]
    public void Load_NaNWeight_ThrowsNamingTheTensor()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(seed: 13, eval: true);
        var file = source.state_dict();
        file["encoder.layer.1.attention.self.key.weight"] = file["encoder.layer.1.attention.self.key.weight"].clone().index_put_(float.NaN, 0, 3);
        WriteFolder(dir.Path, source.Config, file);

        var e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));

        Assert.StartsWith(Path.Combine(dir.Path, "model.safetensors"), e.Message);
        Assert.Contains("'encoder.layer.1.attention.self.key.weight' contains NaN or infinite values", e.Message);
    }

    [Fact]
    public void Load_UnexpectedKeys_ThrowListingThem_OrAreReportedWhenAllowed()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(seed: 14, eval: true);
        var file = source.state_dict();
        file["encoder.layer.2.output.dense.bias"] = zeros(32);
        file["bert.classifier.weight"] = zeros(3, 32);
        WriteFolder(dir.Path, source.Config, file);

        var e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));
        Assert.Contains("unexpected keys classifier.weight, encoder.layer.2.output.dense.bias", e.Message);

        using var loaded = HuggingFaceBertFolder.Load(dir.Path, allowUnexpectedKeys: true);
        loaded.eval();
        AssertSameOutputs(source, loaded);
    }

    [Fact]
    public void Load_ShapeMismatch_ThrowsNamingKeyAndBothShapes()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(eval: true);
        var file = source.state_dict();
        file["embeddings.word_embeddings.weight"] = zeros(120, 32);
        WriteFolder(dir.Path, source.Config, file);

        var e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));
        Assert.Contains("tensor 'embeddings.word_embeddings.weight' has shape [120, 32] but the model's 'embeddings.word_embeddings.weight' has shape [100, 32]", e.Message);
    }

    [Fact]
    public void Load_HalfPrecisionFile_ConvertsToModelDtype()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(seed: 15, eval: true);
        WriteFolder(dir.Path, source.Config, source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float16)));
        using var loaded = HuggingFaceBertFolder.Load(dir.Path);
        var w = loaded.encoder.layer[1].attention.self.value.weight!;
        Assert.Equal(ScalarType.Float32, w.dtype);
        Assert.True(w.allclose(source.encoder.layer[1].attention.self.value.weight!, rtol: 1e-3, atol: 1e-4));
    }

    [Fact]
    public void Load_FolderWithoutWeights_ThrowsSayingWhatIsThere()
    {
        using var dir = new TempDir();
        TinyBert.Ids.Config.Save(dir.File("config.json"));
        var e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));
        Assert.Contains("model.safetensors", e.Message);
        File.WriteAllText(dir.File("pytorch_model.bin"), "pickle");
        e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));
        Assert.StartsWith(dir.File("pytorch_model.bin") + ": not a PyTorch checkpoint", e.Message);   // read, not refused
        e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.File("absent")));
        Assert.Contains("model folder not found", e.Message);
    }

    [Fact]
    public void SaveMaskedLm_WritesBertPrefixWithoutTiedDecoder_AndLoadsBackTied()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = new BertForMaskedLM(TinyBert.Ids.Config, new Generator(16, CPU));
        source.eval();
        using (no_grad()) source.cls.predictions.bias.normal_(0, 1, new Generator(1, CPU));
        HuggingFaceBertFolder.Save(dir.Path, source);

        var keys = SafeTensors.ReadHeader(dir.File("model.safetensors")).Tensors.Keys.ToList();
        Assert.Contains("bert.embeddings.word_embeddings.weight", keys);
        Assert.Contains("cls.predictions.bias", keys);
        Assert.Contains("cls.predictions.transform.LayerNorm.weight", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("cls.predictions.decoder") || k.StartsWith("bert.pooler"));
        Assert.Equal(["BertForMaskedLM"], BertConfig.Load(dir.File("config.json")).Architectures!);

        using var loaded = HuggingFaceBertFolder.LoadMaskedLm(dir.Path);
        loaded.eval();
        Assert.Null(loaded.bert.pooler);
        Assert.Equal(TestTensors.DataPtr(loaded.bert.embeddings.word_embeddings.weight!), TestTensors.DataPtr(loaded.DecoderWeight));
        Assert.True(TestTensors.Same(source.Forward(Ids, Mask), loaded.Forward(Ids, Mask)));
    }

    [Fact]
    public void LoadMaskedLm_PreTrainingCheckpoint_KeepsMlmHeadAndPooler_IgnoresNspAndDecoder()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(seed: 17, eval: true);
        var file = PreTrainingStyle(source);
        file["cls.predictions.bias"] = arange(100, dtype: ScalarType.Float32);
        file["cls.predictions.transform.dense.weight"] = eye(32);
        file["cls.predictions.transform.dense.bias"] = zeros(32);
        file["cls.predictions.transform.LayerNorm.gamma"] = ones(32);
        file["cls.predictions.transform.LayerNorm.beta"] = zeros(32);
        file["cls.predictions.decoder.bias"] = arange(100, dtype: ScalarType.Float32);
        WriteFolder(dir.Path, source.Config, file);

        using var mlm = HuggingFaceBertFolder.LoadMaskedLm(dir.Path);
        Assert.NotNull(mlm.bert.pooler);
        Assert.True(TestTensors.Same(mlm.cls.predictions.bias, arange(100, dtype: ScalarType.Float32)));
        Assert.True(TestTensors.Same(mlm.cls.predictions.transform.dense.weight!, eye(32)));
        mlm.eval();
        AssertSameOutputs(source, mlm.bert);
        // The encoder alone loads from the same file too, ignoring every cls.* tensor.
        using var encoder = HuggingFaceBertFolder.Load(dir.Path);
        encoder.eval();
        AssertSameOutputs(source, encoder);
    }

    [Fact]
    public void LoadMaskedLm_OnlyDecoderBias_StandsInForPredictionsBias()
    {
        Assert.Equal("cls.predictions.bias", HuggingFaceBertFolder.MaskedLmKey("cls.predictions.decoder.bias", fileHasBias: false));
        Assert.Null(HuggingFaceBertFolder.MaskedLmKey("cls.predictions.decoder.bias", fileHasBias: true));
        Assert.Equal("bert.encoder.layer.0.output.LayerNorm.weight", HuggingFaceBertFolder.MaskedLmKey("encoder.layer.0.output.LayerNorm.gamma", true));
        Assert.Null(HuggingFaceBertFolder.EncoderKey("bert.embeddings.position_ids"));
        Assert.Equal("pooler.dense.bias", HuggingFaceBertFolder.EncoderKey("bert.pooler.dense.bias"));
    }

    [Fact]
    public void Load_KeyPresentWithAndWithoutPrefix_ThrowsNamingBoth()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var source = TinyBert.Ids.Model(eval: true);
        var file = source.state_dict();
        file["bert.pooler.dense.bias"] = zeros(32);
        WriteFolder(dir.Path, source.Config, file);
        var e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));
        Assert.Contains("'bert.pooler.dense.bias' and 'pooler.dense.bias' both map to the model weight 'pooler.dense.bias'", e.Message);
    }

    [Fact]
    public void Load_WithConfigure_BuildsTheChangedConfigAndKeepsTheWeights()
    {
        using var dir = new TempDir();
        var source = TinyBert.Ids.Model(eval: true);
        HuggingFaceBertFolder.Save(dir.Path, source);
        var loaded = HuggingFaceBertFolder.Load(dir.Path, configure: c => c with { HiddenDropoutProb = 0.3, AttentionProbsDropoutProb = 0.0 });
        Assert.Equal(0.3, loaded.Config.HiddenDropoutProb);
        Assert.Equal(0.0, loaded.Config.AttentionProbsDropoutProb);
        Assert.True(TestTensors.Same(source.embeddings.word_embeddings.weight!, loaded.embeddings.word_embeddings.weight!));
    }
}

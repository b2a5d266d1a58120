using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.Cli.Tests.Commands;

/// <summary>Broken model folders: one line naming the file, exit code 1, for every command that loads a model.</summary>
public class ModelFolderBadInputTests
{
    [Fact]
    public void Encode_NaNWeight_OneLineNamingTheTensor()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var weights = Path.Combine(model, "model.safetensors");
        var tensors = SafeTensors.Load(weights);
        tensors["embeddings.LayerNorm.weight"] = tensors["embeddings.LayerNorm.weight"].clone().fill_(float.NaN);
        SafeTensors.Save(weights, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var line = InProcessCli.AssertBadInput("embeddings.LayerNorm.weight", "similarity", "--model", model, "a", "b");

        Assert.Contains(weights, line);
    }

    [Fact]
    public void Eval_MalformedModulesJson_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        File.WriteAllText(Path.Combine(model, "modules.json"), "[{\"idx\": 0, ");

        InProcessCli.AssertBadInput(Path.Combine(model, "modules.json"), "eval", "sts", "--model", model, "--data", TinyCorpus.StsBenchmark(dir));
    }

    [Fact]
    public void Encode_MalformedPoolingConfig_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var pooling = Path.Combine(model, "1_Pooling", "config.json");
        File.WriteAllText(pooling, """{"word_embedding_dimension": 32, "pooling_mode_cls_token": "yes"}""");

        InProcessCli.AssertBadInput(pooling, "encode", "--model", model, "--input", TinyCorpus.WriteRandom(dir, "in.txt", 3, 1), "--output", dir.File("e.npy"));
    }

    [Fact]
    public void Eval_UnknownModuleType_OneLineNamingModulesJson()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var modules = Path.Combine(model, "modules.json");
        File.WriteAllText(modules, File.ReadAllText(modules).Replace("sentence_transformers.models.Dense", "sentence_transformers.models.CNN"));

        var line = InProcessCli.AssertBadInput(modules, "eval", "sts", "--model", model, "--data", TinyCorpus.StsBenchmark(dir));

        Assert.Contains("sentence_transformers.models.CNN", line);
    }
}

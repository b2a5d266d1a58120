using Contrastive.Core;
using Contrastive.Text.Models;
using Contrastive.Text.Tests.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Models;

public class PyTorchCheckpointTests
{
    [Fact]
    public void Load_TorchSaveZipFormat_GivesHuggingFaceKeysAndPythonsValues()
    {
        using var scope = NewDisposeScope();
        var file = PyTorchCheckpoint.Load(PyTorchFixture.File("bert_gamma_beta.bin"));
        var sums = PyTorchFixture.WeightSums;
        var expectedKeys = sums.Keys.Select(k => k.Replace("LayerNorm.weight", "LayerNorm.gamma").Replace("LayerNorm.bias", "LayerNorm.beta"));
        Assert.Equal(expectedKeys.Order(StringComparer.Ordinal), file.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TinyBert.HuggingFaceKeys(2).Count(), file.Count);
        foreach (var (key, sum) in sums)
        {
            var t = file[key.Replace("LayerNorm.weight", "LayerNorm.gamma").Replace("LayerNorm.bias", "LayerNorm.beta")];
            Assert.Equal(ScalarType.Float32, t.dtype);
            Assert.Equal(sum, t.to(float64).sum().item<double>(), 1e-9);
        }
        Assert.Equal([30L, 8L], file["embeddings.word_embeddings.weight"].shape);
        Assert.Equal([16L, 8L], file["encoder.layer.1.intermediate.dense.weight"].shape);
    }

    [Fact]
    public void Load_PrefixedCheckpointWithBuffersAndHeads_ReadsEveryTensor()
    {
        using var scope = NewDisposeScope();
        var file = PyTorchCheckpoint.Load(PyTorchFixture.File("bert_prefixed.bin"));
        Assert.Contains("bert.encoder.layer.0.attention.self.query.weight", file.Keys);
        Assert.Contains("cls.seq_relationship.weight", file.Keys);
        var positions = file["bert.embeddings.position_ids"];
        Assert.Equal(ScalarType.Int64, positions.dtype);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (long)i), positions.data<long>().ToArray());
    }

    [Theory]
    [InlineData("bert_legacy.bin", "saved in torch.save's legacy (pre-1.6, non-zip) format, which is not supported")]
    [InlineData("not_state_dict.bin", "not a state dict of tensors ('epoch' holds a value of type Int32, not a tensor)")]
    public void Load_LegacyFormatOrNotAStateDict_ThrowsOneLineNamingFile(string fixture, string says)
    {
        var path = PyTorchFixture.File(fixture);
        var e = Assert.Throws<ContrastiveException>(() => PyTorchCheckpoint.Load(path));
        Assert.StartsWith($"{path}: {says}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.02)]
    public void Load_TruncatedFile_ThrowsOneLineNamingFile(double fraction)
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(PyTorchFixture.File("bert_prefixed.bin"));
        var path = dir.File("pytorch_model.bin");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * fraction)]);
        var e = Assert.Throws<ContrastiveException>(() => PyTorchCheckpoint.Load(path));
        Assert.StartsWith(path + ":", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"weights\": [1, 2, 3]}")]
    public void Load_EmptyOrOtherFile_ThrowsOneLineNamingFile(string content)
    {
        using var dir = new TempDir();
        var path = dir.File("pytorch_model.bin");
        File.WriteAllText(path, content);
        var e = Assert.Throws<ContrastiveException>(() => PyTorchCheckpoint.Load(path));
        Assert.StartsWith(path + ": not a PyTorch checkpoint", e.Message);
    }
}

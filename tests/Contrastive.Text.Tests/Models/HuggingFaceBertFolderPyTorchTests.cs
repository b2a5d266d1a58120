using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Models;
using Contrastive.Text.Tests.Bert;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Models;

/// <summary><see cref="HuggingFaceBertFolder"/> on folders whose weights are a <c>pytorch_model.bin</c> made by torch.</summary>
public class HuggingFaceBertFolderPyTorchTests(ITestOutputHelper log)
{
    static double MaxAbsDiff(Tensor a, Tensor b) => a.to(float64).sub(b.to(float64)).abs().max().item<double>();

    [Fact]
    public void Load_PyTorchBinWithPrefixBuffersAndHeads_MatchesTorchReferenceForwardWithin1e5()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        PyTorchFixture.WriteFolder(dir.Path, "bert_prefixed.bin");

        using var model = HuggingFaceBertFolder.Load(dir.Path);
        model.eval();
        using var _ = no_grad();
        var output = model.Forward(PyTorchFixture.Ids, PyTorchFixture.Mask, PyTorchFixture.TokenTypes);

        var expectedHidden = PyTorchFixture.LastHiddenState;
        Assert.Equal(expectedHidden.shape, output.LastHiddenState.shape);
        Assert.True(MaxAbsDiff(expectedHidden, output.LastHiddenState) < 1e-5, $"last hidden state differs by {MaxAbsDiff(expectedHidden, output.LastHiddenState):E2}");
        Assert.True(MaxAbsDiff(PyTorchFixture.PoolerOutput, output.PoolerOutput!) < 1e-5, $"pooler output differs by {MaxAbsDiff(PyTorchFixture.PoolerOutput, output.PoolerOutput!):E2}");
        Assert.True(expectedHidden.abs().max().item<double>() > 0.5);
        log.WriteLine($"max |ours - torch reference|: last hidden state {MaxAbsDiff(expectedHidden, output.LastHiddenState):E2}, pooler {MaxAbsDiff(PyTorchFixture.PoolerOutput, output.PoolerOutput!):E2}");   // not a vacuous comparison of near-zero outputs
    }

    [Fact]
    public void Load_PyTorchBin_GivesPythonsWeights_AndGammaBetaLayoutTheSame()
    {
        using var scope = NewDisposeScope();
        using var prefixedDir = new TempDir();
        using var gammaBetaDir = new TempDir();
        PyTorchFixture.WriteFolder(prefixedDir.Path, "bert_prefixed.bin");
        PyTorchFixture.WriteFolder(gammaBetaDir.Path, "bert_gamma_beta.bin");

        using var prefixed = HuggingFaceBertFolder.Load(prefixedDir.Path);
        using var gammaBeta = HuggingFaceBertFolder.Load(gammaBetaDir.Path);
        var a = prefixed.state_dict();
        var b = gammaBeta.state_dict();
        var sums = PyTorchFixture.WeightSums;
        Assert.Equal(sums.Keys.Order(StringComparer.Ordinal), a.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, sum) in sums)
        {
            Assert.Equal(sum, a[key].to(float64).sum().item<double>(), 1e-9);
            Assert.True(TestTensors.Same(a[key], b[key]), key);
        }
    }

    [Fact]
    public void Load_BothSafetensorsAndBin_PrefersSafetensors()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        PyTorchFixture.WriteFolder(dir.Path, "bert_prefixed.bin");
        var config = BertConfig.Load(Path.Combine(dir.Path, "config.json"));
        using var other = new BertModel(config, generator: new Generator(5, CPU));
        HuggingFaceBertFolder.Save(dir.Path, other);
        Assert.True(File.Exists(Path.Combine(dir.Path, "pytorch_model.bin")));

        using var loaded = HuggingFaceBertFolder.Load(dir.Path);
        var expected = other.state_dict();
        foreach (var (key, value) in loaded.state_dict())
            Assert.True(TestTensors.Same(expected[key], value), key);
    }

    [Fact]
    public void LoadMaskedLm_PyTorchBinWithPredictionHead_LoadsHeadAndPooler()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        PyTorchFixture.WriteFolder(dir.Path, "bert_prefixed.bin");
        using var mlm = HuggingFaceBertFolder.LoadMaskedLm(dir.Path);
        var weights = mlm.state_dict();
        Assert.Contains("bert.pooler.dense.weight", weights.Keys);
        Assert.True(TestTensors.Same(eye(8), weights["cls.predictions.transform.dense.weight"]));
    }

    [Fact]
    public void Load_BinWithUnexpectedKeys_ThrowsNamingFileAndKey_UnlessAllowed()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        PyTorchFixture.WriteFolder(dir.Path, "bert_unexpected_keys.bin");
        var bin = Path.Combine(dir.Path, "pytorch_model.bin");

        var e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));
        Assert.StartsWith(bin + ":", e.Message);
        Assert.Contains("unexpected keys encoder.layer.2.attention.self.query.weight", e.Message);
        Assert.DoesNotContain('\n', e.Message);

        using var model = HuggingFaceBertFolder.Load(dir.Path, allowUnexpectedKeys: true);
        var report = HuggingFaceBertFolder.LoadWeights(model, bin, allowUnexpectedKeys: true);
        Assert.Equal(["encoder.layer.2.attention.self.query.weight"], report.UnexpectedKeys);
        Assert.Empty(report.MissingKeys);
    }

    [Theory]
    [InlineData("bert_legacy.bin", "legacy")]
    [InlineData("not_state_dict.bin", "not a state dict")]
    public void Load_UnreadableBin_ThrowsOneLineNamingFile(string fixture, string says)
    {
        using var dir = new TempDir();
        PyTorchFixture.WriteFolder(dir.Path, fixture);
        var e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));
        Assert.StartsWith(Path.Combine(dir.Path, "pytorch_model.bin") + ":", e.Message);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void Load_TruncatedBin_ThrowsOneLineNamingFile()
    {
        using var dir = new TempDir();
        PyTorchFixture.WriteFolder(dir.Path, "bert_prefixed.bin");
        var bin = Path.Combine(dir.Path, "pytorch_model.bin");
        var bytes = File.ReadAllBytes(bin);
        File.WriteAllBytes(bin, bytes[..(bytes.Length * 2 / 3)]);
        var e = Assert.Throws<ContrastiveException>(() => HuggingFaceBertFolder.Load(dir.Path));
        Assert.StartsWith(bin + ":", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}

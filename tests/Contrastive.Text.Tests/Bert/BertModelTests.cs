using Contrastive.Core;
using Contrastive.Text.Bert;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Bert;

public class BertModelTests
{
    [Fact]
    public void StateDict_TwoLayers_HasExactlyHuggingFaceKeysAndShapes()
    {
        using var model = TinyBert.Ids.Model(eval: true);
        var sd = model.state_dict();
        Assert.Equal(TinyBert.HuggingFaceKeys(2).Order(), sd.Keys.Order());
        Assert.Equal([100L, 32], sd["embeddings.word_embeddings.weight"].shape);
        Assert.Equal([16L, 32], sd["embeddings.position_embeddings.weight"].shape);
        Assert.Equal([2L, 32], sd["embeddings.token_type_embeddings.weight"].shape);
        Assert.Equal([64L, 32], sd["encoder.layer.1.intermediate.dense.weight"].shape);
        Assert.Equal([32L, 64], sd["encoder.layer.1.output.dense.weight"].shape);
        Assert.Equal([32L, 32], sd["pooler.dense.weight"].shape);
        Assert.DoesNotContain(sd.Keys, k => k.Contains("position_ids"));
    }

    [Fact]
    public void StateDict_WithoutPooler_HasNoPoolerKeys()
    {
        using var model = new BertModel(TinyBert.Ids.Config, addPoolingLayer: false, new Generator(1, CPU));
        Assert.Equal(TinyBert.HuggingFaceKeys(2).Where(k => !k.StartsWith("pooler.")).Order(), model.state_dict().Keys.Order());
    }

    [Fact]
    public void Constructor_SameSeed_SameWeights_AndHuggingFaceInit()
    {
        using var a = TinyBert.Ids.Model(seed: 5, eval: true);
        using var b = TinyBert.Ids.Model(seed: 5, eval: true);
        using var c = TinyBert.Ids.Model(seed: 6, eval: true);
        var sa = a.state_dict();
        var sb = b.state_dict();
        foreach (var (k, v) in sa) Assert.True(TestTensors.Same(v, sb[k]), k);
        Assert.False(TestTensors.Same(sa["encoder.layer.0.attention.self.query.weight"], c.state_dict()["encoder.layer.0.attention.self.query.weight"]));

        var word = sa["embeddings.word_embeddings.weight"];
        Assert.Equal(0f, word[0].abs().max().item<float>());                 // padding row
        var rest = word[1..];
        Assert.InRange(rest.std().item<float>(), 0.018f, 0.022f);              // N(0, 0.02)
        Assert.InRange(rest.mean().item<float>(), -0.002f, 0.002f);
        Assert.Equal(0f, sa["encoder.layer.1.output.dense.bias"].abs().max().item<float>());
        Assert.True(sa["encoder.layer.1.output.LayerNorm.weight"].eq(1f).all().item<bool>());
        Assert.Equal(0f, sa["embeddings.LayerNorm.bias"].abs().max().item<float>());
        Assert.InRange(sa["encoder.layer.0.intermediate.dense.weight"].std().item<float>(), 0.017f, 0.023f);
    }

    [Fact]
    public void Forward_ReturnsHuggingFaceShapes()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert.Ids.Model(eval: true);
        var ids = TestTensors.Ids([2, 5, 7, 9, 3], [2, 8, 3, 0, 0]);
        var mask = TestTensors.Mask([1, 1, 1, 1, 1], [1, 1, 1, 0, 0]);

        var plain = model.Forward(ids, mask);
        Assert.Equal([2L, 5, 32], plain.LastHiddenState.shape);
        Assert.Equal([2L, 32], plain.PoolerOutput!.shape);
        Assert.Null(plain.HiddenStates);

        var all = model.Forward(ids, mask, outputHiddenStates: true);
        Assert.Equal(3, all.HiddenStates!.Count);                               // embeddings + 2 layers
        Assert.All(all.HiddenStates, h => Assert.Equal([2L, 5, 32], h.shape));
        Assert.True(TestTensors.Same(all.HiddenStates[^1], plain.LastHiddenState));
        Assert.True(TestTensors.Same(all.HiddenStates[0], model.embeddings.forward(ids, null)));
        // pooler = tanh(dense(h[:, 0]))
        var expected = nn.functional.linear(plain.LastHiddenState[.., 0], model.pooler!.dense.weight!, model.pooler.dense.bias).tanh();
        Assert.True(plain.PoolerOutput.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Forward_PaddingTokens_DoNotChangeRealTokenOutputs()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert.Ids.Model(eval: true);
        var alone = model.Forward(TestTensors.Ids([2, 15, 27, 39, 3]), TestTensors.Mask([1, 1, 1, 1, 1]));
        // The same sentence padded to 8 (with junk ids under the zero mask), batched with a longer one.
        var padded = model.Forward(
            TestTensors.Ids([2, 15, 27, 39, 3, 0, 44, 0], [2, 11, 12, 13, 14, 15, 16, 3]),
            TestTensors.Mask([1, 1, 1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1]));

        var real = padded.LastHiddenState[0, ..5];
        Assert.True(real.allclose(alone.LastHiddenState[0], rtol: 0, atol: 1e-5),
            $"max diff {(real - alone.LastHiddenState[0]).abs().max().item<float>()}");
        Assert.True(padded.PoolerOutput![0].allclose(alone.PoolerOutput![0], rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Forward_MaskChanges_ChangeOutputs()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert.Ids.Model(eval: true);
        var ids = TestTensors.Ids([2, 15, 27, 39, 3]);
        var full = model.Forward(ids, TestTensors.Mask([1, 1, 1, 1, 1])).LastHiddenState;
        var masked = model.Forward(ids, TestTensors.Mask([1, 1, 1, 0, 0])).LastHiddenState;
        Assert.True((full[0, 0] - masked[0, 0]).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void Forward_NullTokenTypes_EqualAllZeroTokenTypes_AndOnesDiffer()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert.Ids.Model(eval: true);
        var ids = TestTensors.Ids([2, 15, 27, 3]);
        var mask = TestTensors.Mask([1, 1, 1, 1]);
        var none = model.Forward(ids, mask).LastHiddenState;
        var zeros = model.Forward(ids, mask, zeros_like(ids)).LastHiddenState;
        var ones = model.Forward(ids, mask, ones_like(ids)).LastHiddenState;
        Assert.True(none.allclose(zeros, rtol: 0, atol: 1e-6));
        Assert.False(none.allclose(ones, rtol: 0, atol: 1e-3));
    }

    [Fact]
    public void Forward_Training_DropoutMakesRunsDiffer_EvalIsDeterministic()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert.Ids.Model();
        var ids = TestTensors.Ids([2, 15, 27, 3]);
        var mask = TestTensors.Mask([1, 1, 1, 1]);
        manual_seed(3);
        var a = model.Forward(ids, mask).LastHiddenState;
        var b = model.Forward(ids, mask).LastHiddenState;
        Assert.False(a.allclose(b));
        model.eval();
        Assert.True(TestTensors.Same(model.Forward(ids, mask).LastHiddenState, model.Forward(ids, mask).LastHiddenState));
    }

    [Fact]
    public void Backward_ReachesEveryParameter_ExceptThePaddingRow()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert.Ids.Model();
        var output = model.Forward(TestTensors.Ids([2, 15, 27, 3, 0], [2, 4, 3, 0, 0]), TestTensors.Mask([1, 1, 1, 1, 0], [1, 1, 1, 0, 0]));
        (output.LastHiddenState.pow(2).mean() + output.PoolerOutput!.sum()).backward();
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, name);
        var wordGrad = model.embeddings.word_embeddings.weight!.grad!;
        Assert.Equal(0f, wordGrad[0].abs().max().item<float>());   // padding_idx: no update, as in Hugging Face
    }

    [Fact]
    public void Forward_SequenceLongerThanPositions_Throws()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert.Ids.Model(eval: true);
        var ids = zeros(1, 17, dtype: ScalarType.Int64);
        var e = Assert.Throws<ContrastiveException>(() => model.Forward(ids, ones_like(ids)));
        Assert.Contains("17", e.Message);
    }

    [Fact]
    public void ExtendedAttentionMask_IsZeroOrDtypeMinimum()
    {
        using var scope = NewDisposeScope();
        var m = BertModel.ExtendedAttentionMask(TestTensors.Mask([1, 1, 0]), ScalarType.Float32);
        Assert.Equal([1L, 1, 1, 3], m.shape);
        Assert.Equal([0f, 0f, float.MinValue], m.reshape(-1).data<float>().ToArray());
    }
}

using Contrastive.Text.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Bert;

public class BertLayerTests
{
    /// <summary>A slow reference of one post-LayerNorm BERT layer written from the paper's formulas with explicit softmax.</summary>
    static Tensor Reference(BertLayer layer, Tensor x, Tensor mask, int heads)
    {
        long B = x.shape[0], T = x.shape[1], H = x.shape[2], d = H / heads;
        Tensor Lin(TorchSharp.Modules.Linear l, Tensor t) => t.matmul(l.weight!.t()) + l.bias!;
        Tensor Ln(TorchSharp.Modules.LayerNorm n, Tensor t)
        {
            var mean = t.mean([-1], keepdim: true);
            var variance = (t - mean).pow(2).mean([-1], keepdim: true);
            return (t - mean) / (variance + 1e-12).sqrt() * n.weight! + n.bias!;
        }
        Tensor Heads(Tensor t) => t.view(B, T, heads, d).permute(0, 2, 1, 3);   // (B, nh, T, d)
        var a = layer.attention;
        var q = Heads(Lin(a.self.query, x));
        var k = Heads(Lin(a.self.key, x));
        var v = Heads(Lin(a.self.value, x));
        var scores = q.matmul(k.transpose(-1, -2)) / Math.Sqrt(d) + (1 - mask.to_type(ScalarType.Float32)).view(B, 1, 1, T) * -1e9;
        var context = scores.softmax(-1).matmul(v).permute(0, 2, 1, 3).reshape(B, T, H);
        var attn = Ln(a.output.LayerNorm, Lin(a.output.dense, context) + x);
        var u = Lin(layer.intermediate.dense, attn);
        var gelu = u * 0.5 * (1 + (u / Math.Sqrt(2)).erf());                     // exact GELU
        return Ln(layer.output.LayerNorm, Lin(layer.output.dense, gelu) + attn);
    }

    [Fact]
    public void Forward_MatchesSlowReference_PostLayerNormExactGelu()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert.Ids.Model(seed: 9, eval: true);
        var layer = model.encoder.layer[0];
        // Non-trivial LayerNorm parameters so that their placement matters.
        using (no_grad())
        {
            var g = new Generator(4, CPU);
            foreach (var (_, p) in layer.named_parameters()) p.add_(randn(p.shape, generator: g) * 0.1);
        }
        var x = randn(2, 6, 32, generator: new Generator(2, CPU));
        var mask = TestTensors.Mask([1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0]);

        var actual = layer.forward(x, BertModel.ExtendedAttentionMask(mask, ScalarType.Float32));
        var expected = Reference(layer, x, mask, heads: 4);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5), $"max diff {(actual - expected).abs().max().item<float>()}");
    }
}

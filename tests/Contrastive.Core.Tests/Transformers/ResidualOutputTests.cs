using Contrastive.Core.Transformers;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Transformers;

public sealed class ResidualOutputTests
{
    [Fact]
    public void Forward_EvalMode_IsLayerNormOfProjectionPlusResidual()
    {
        using var scope = NewDisposeScope();
        using var block = new ResidualOutput(6, 4, 1e-12, 0.5);
        TransformerInit.Apply(block, 0.5, new Generator(1));
        using (no_grad()) block.LayerNorm.weight!.copy_(tensor(new float[] { 1, 2, 3, 4 }));
        block.eval();
        var g = new Generator(2);
        var h = randn(3, 6, generator: g);
        var x = randn(3, 4, generator: g);

        var y = block.forward(h, x);

        // By hand: z = h Wᵀ + b + x, then (z − mean) / sqrt(var + eps) · γ + β per row.
        var z = h.mm(block.dense.weight!.t()) + block.dense.bias! + x;
        var centred = z - z.mean(new long[] { 1 }, true);
        var normed = centred / ((centred * centred).mean(new long[] { 1 }, true) + 1e-12).sqrt();
        Assert.True(y.allclose(normed * block.LayerNorm.weight! + block.LayerNorm.bias!, 1e-5, 1e-5));
        Assert.Equal(new[] { "LayerNorm.bias", "LayerNorm.weight", "dense.bias", "dense.weight" },
                     block.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Apply_SameModules_SameOutputAsForward()
    {
        using var scope = NewDisposeScope();
        using var block = new ResidualOutput(4, 4, 1e-12, 0.1);
        TransformerInit.Apply(block, 0.02, new Generator(3));
        block.eval();
        var h = randn(2, 3, 4, generator: new Generator(4));
        var x = randn(2, 3, 4, generator: new Generator(5));
        Assert.True(block.forward(h, x).allclose(ResidualOutput.Apply(block.dense, block.dropout, block.LayerNorm, h, x), 0, 0));
    }
}

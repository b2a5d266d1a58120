using Contrastive.Core.Transformers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Transformers;

public sealed class TransformerInitTests
{
    sealed class Net : nn.Module
    {
        public readonly Embedding emb = nn.Embedding(50, 40);
        public readonly Linear proj = nn.Linear(40, 40);
        public readonly LayerNorm norm = nn.LayerNorm(40);

        public Net() : base(nameof(Net)) => RegisterComponents();
    }

    [Fact]
    public void Apply_Modules_NormalWeightsZeroBiasesUnitLayerNorm()
    {
        using var net = new Net();
        TransformerInit.Apply(net, 0.02, new Generator(7));

        foreach (var w in new[] { net.emb.weight!, net.proj.weight! })
        {
            Assert.InRange(w.mean().item<float>(), -0.002, 0.002);
            Assert.InRange(w.std().item<float>(), 0.018, 0.022);
        }
        Assert.Equal(0f, net.proj.bias!.abs().sum().item<float>());
        Assert.True(net.norm.weight!.allclose(ones(40), 0, 0));
        Assert.Equal(0f, net.norm.bias!.abs().sum().item<float>());
    }

    [Fact]
    public void Apply_SameSeed_SameWeights_OtherSeed_OtherWeights()
    {
        using Net a = new(), b = new(), c = new();
        TransformerInit.Apply(a, 0.02, new Generator(7));
        TransformerInit.Apply(b, 0.02, new Generator(7));
        TransformerInit.Apply(c, 0.02, new Generator(8));
        Assert.True(a.proj.weight!.allclose(b.proj.weight!, 0, 0) && a.emb.weight!.allclose(b.emb.weight!, 0, 0));
        Assert.False(a.proj.weight!.allclose(c.proj.weight!, 0, 0));
    }

    [Fact]
    public void Apply_RootIsALinear_InitialisesTheRoot()
    {
        using var linear = nn.Linear(30, 30);
        TransformerInit.Apply(linear, 0.02, new Generator(1));
        Assert.InRange(linear.weight!.std().item<float>(), 0.017, 0.023);
        Assert.Equal(0f, linear.bias!.abs().sum().item<float>());
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Training;

/// <summary>A 2-layer MLP with a LayerNorm and dropout (so the global RNG matters), initialised from an explicit generator.</summary>
public sealed class TinyMlp : nn.Module<Tensor, Tensor>
{
    readonly Linear dense;
    readonly LayerNorm LayerNorm;
    readonly Dropout dropout;
    readonly Linear output;

    public TinyMlp(ulong seed, int inputs = 4, int hidden = 16) : base(nameof(TinyMlp))
    {
        dense = nn.Linear(inputs, hidden);
        LayerNorm = nn.LayerNorm(hidden);
        dropout = nn.Dropout(0.3);
        output = nn.Linear(hidden, 1);
        RegisterComponents();
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed);
        using var noGrad = no_grad();
        foreach (var (_, p) in named_parameters()) p.copy_(randn(p.shape, generator: generator) * 0.5);
    }

    public override Tensor forward(Tensor x) =>                               // (B, 4) -> (B, 1)
        output.forward(dropout.forward(nn.functional.gelu(LayerNorm.forward(dense.forward(x)))));
}

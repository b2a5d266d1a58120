using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Model;

/// <summary>RecBole's <c>TransformerEncoder</c>: <c>n_layers</c> <see cref="TransformerLayer"/>s under <c>layer.N</c>.</summary>
public sealed class TransformerEncoder : nn.Module<Tensor, TokenLayout, Tensor>
{
    public readonly ModuleList<TransformerLayer> layer;

    public TransformerEncoder(SasRecConfig config) : base(nameof(TransformerEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumLayers).Select(_ => new TransformerLayer(config)).ToArray());
        RegisterComponents();
    }

    /// <param name="x">(M, H) the real tokens.</param>
    public override Tensor forward(Tensor x, TokenLayout layout)
    {
        using var scope = NewDisposeScope();
        foreach (var l in layer) x = l.forward(x, layout);
        return x.MoveToOuterDisposeScope();
    }
}

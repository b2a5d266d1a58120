using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// The stack of <c>num_hidden_layers</c> <see cref="BertLayer"/>s (Hugging Face <c>BertEncoder</c>); keys
/// <c>layer.0.*</c> .. <c>layer.{L-1}.*</c>.
/// </summary>
public sealed class BertEncoder : nn.Module
{
    public readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        layer = new ModuleList<BertLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, H) the embeddings' output.</param>
    /// <param name="attentionMask">(B, 1, 1, T) additive mask or null.</param>
    /// <param name="allHiddenStates">When not null, receives each layer's output (B, T, H), in order.</param>
    /// <returns>(B, T, H) the last layer's output.</returns>
    public Tensor forward(Tensor hiddenStates, Tensor? attentionMask, ICollection<Tensor>? allHiddenStates = null)
    {
        var h = hiddenStates;
        foreach (var l in layer)
        {
            var next = l.forward(h, attentionMask);
            if (allHiddenStates is not null)
                allHiddenStates.Add(next);
            else if (!ReferenceEquals(h, hiddenStates))
                h.Dispose();   // an intermediate nobody returns (autograd keeps what it needs): free it now
            h = next;
        }
        return h;
    }
}

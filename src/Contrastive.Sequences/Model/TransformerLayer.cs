using static TorchSharp.torch;

namespace Contrastive.Sequences.Model;

/// <summary>RecBole's <c>TransformerLayer</c>: causal self-attention then the feed-forward block, both post-LN.</summary>
public sealed class TransformerLayer : nn.Module<Tensor, TokenLayout, Tensor>
{
    public readonly MultiHeadAttention multi_head_attention;
    public readonly FeedForward feed_forward;

    public TransformerLayer(SasRecConfig config) : base(nameof(TransformerLayer))
    {
        multi_head_attention = new MultiHeadAttention(config);
        feed_forward = new FeedForward(config);
        RegisterComponents();
    }

    /// <param name="x">(M, H) the real tokens.</param>
    public override Tensor forward(Tensor x, TokenLayout layout)
    {
        using var scope = NewDisposeScope();
        return feed_forward.forward(multi_head_attention.forward(x, layout)).MoveToOuterDisposeScope();
    }
}

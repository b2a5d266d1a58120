using Contrastive.Core.Transformers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Model;

/// <summary>
/// RecBole's <c>MultiHeadAttention</c> with a causal mask: <c>LayerNorm(x + Dropout(Dense(softmax(Q K^T / sqrt(d) + M) V)))</c>,
/// M = -inf above the diagonal, so position t attends to positions 0..t only (Kang and McAuley 2018, section III-B).
/// Computed by <see cref="AttentionHeads"/> (split heads, causal <c>scaled_dot_product_attention</c>, merge) with
/// dropout on the attention probabilities in training, and <see cref="ResidualOutput.Apply"/> (RecBole keeps
/// <c>dense</c> and <c>LayerNorm</c> beside <c>query</c>, so the block's modules stay fields of this one). Sequences
/// are right-padded, so the causal mask alone keeps every real position away from the padding; the projections run on
/// the real tokens only (<see cref="TokenLayout"/>).
/// </summary>
public sealed class MultiHeadAttention : nn.Module<Tensor, TokenLayout, Tensor>
{
    public readonly Linear query;
    public readonly Linear key;
    public readonly Linear value;
    public readonly Linear dense;
    public readonly LayerNorm LayerNorm;
    public readonly Dropout out_dropout;

    readonly long _heads;
    readonly double _attentionDropout;

    public MultiHeadAttention(SasRecConfig config) : base(nameof(MultiHeadAttention))
    {
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        out_dropout = nn.Dropout(config.HiddenDropout);
        _heads = config.NumHeads;
        _attentionDropout = config.AttentionDropout;
        RegisterComponents();
    }

    /// <param name="x">(M, H) the real tokens of the batch.</param>
    /// <param name="layout">Where they sit in the (B, T) batch.</param>
    /// <returns>(M, H)</returns>
    public override Tensor forward(Tensor x, TokenLayout layout)
    {
        using var scope = NewDisposeScope();
        var y = AttentionHeads.Attend(layout.Pad(query.forward(x)), layout.Pad(key.forward(x)), layout.Pad(value.forward(x)),
                                      _heads, null, training ? _attentionDropout : 0.0, causal: true);   // (B, T, H)
        return ResidualOutput.Apply(dense, out_dropout, LayerNorm, layout.Pack(y), x).MoveToOuterDisposeScope();   // (M, H)
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Model;

/// <summary>
/// RecBole's <c>MultiHeadAttention</c> with a causal mask: <c>LayerNorm(x + Dropout(Dense(softmax(Q K^T / sqrt(d) + M) V)))</c>,
/// M = -inf above the diagonal, so position t attends to positions 0..t only (Kang and McAuley 2018, section III-B).
/// Computed by <c>scaled_dot_product_attention(is_casual: true)</c> with dropout on the attention probabilities in
/// training. Sequences are right-padded, so the causal mask alone keeps every real position away from the padding;
/// the projections run on the real tokens only (<see cref="TokenLayout"/>).
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
    readonly long _headSize;
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
        _headSize = config.HiddenSize / config.NumHeads;
        _attentionDropout = config.AttentionDropout;
        RegisterComponents();
    }

    /// <param name="x">(M, H) the real tokens of the batch.</param>
    /// <param name="layout">Where they sit in the (B, T) batch.</param>
    /// <returns>(M, H)</returns>
    public override Tensor forward(Tensor x, TokenLayout layout)
    {
        long B = layout.Batch, T = layout.Length, H = x.shape[1];
        using var scope = NewDisposeScope();
        var q = layout.Pad(query.forward(x)).view(B, T, _heads, _headSize).transpose(1, 2);   // (B, nh, T, hd)
        var k = layout.Pad(key.forward(x)).view(B, T, _heads, _headSize).transpose(1, 2);     // (B, nh, T, hd)
        var v = layout.Pad(value.forward(x)).view(B, T, _heads, _headSize).transpose(1, 2);   // (B, nh, T, hd)
        // TorchSharp 0.107 spells the is_causal argument "is_casual".
        var y = nn.functional.scaled_dot_product_attention(q, k, v, null, training ? _attentionDropout : 0.0, is_casual: true);
        y = layout.Pack(y.transpose(1, 2).reshape(B, T, H));                                    // (M, H)
        return LayerNorm.forward(out_dropout.forward(dense.forward(y)) + x).MoveToOuterDisposeScope();
    }
}

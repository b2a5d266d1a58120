using static TorchSharp.torch;

namespace Contrastive.Core.Transformers;

/// <summary>
/// Multi-head scaled dot-product attention on projected queries, keys and values (Vaswani et al. 2017, "Attention Is
/// All You Need", section 3.2): split H into nh heads of hd = H / nh, <c>softmax(Q Kᵀ / √hd + M) V</c> per head by
/// <c>torch.nn.functional.scaled_dot_product_attention</c> (fused kernel), heads merged back. The projections and
/// their parameter names stay with the model (BERT's <c>query</c>/<c>key</c>/<c>value</c>, RecBole's the same), so
/// Hugging Face and RecBole checkpoints load unchanged; TorchSharp's <c>MultiheadAttention</c> fuses them into
/// <c>in_proj_weight</c>.
/// </summary>
public static class AttentionHeads
{
    /// <summary>(B, T, H) → (B, nh, T, hd): a view, no copy.</summary>
    public static Tensor Split(Tensor x, long heads)
    {
        long B = x.shape[0], T = x.shape[1], H = x.shape[2];
        return x.view(B, T, heads, H / heads).transpose(1, 2);
    }

    /// <summary>(B, nh, T, hd) → (B, T, nh · hd).</summary>
    public static Tensor Merge(Tensor y)
    {
        long B = y.shape[0], heads = y.shape[1], T = y.shape[2], hd = y.shape[3];
        return y.transpose(1, 2).reshape(B, T, heads * hd);
    }

    /// <summary>Split → scaled dot-product attention → merge.</summary>
    /// <param name="query">(B, T, H) projected queries.</param>
    /// <param name="key">(B, T, H) projected keys.</param>
    /// <param name="value">(B, T, H) projected values.</param>
    /// <param name="heads">nh, dividing H.</param>
    /// <param name="mask">Additive float mask broadcastable to (B, nh, T, T), e.g. (B, 1, 1, T) with 0 for real
    /// tokens and the dtype's minimum for padding; or null.</param>
    /// <param name="dropout">Dropout on the attention probabilities (pass 0 in eval mode).</param>
    /// <param name="causal">Position t attends to positions 0..t only.</param>
    /// <returns>(B, T, H) the heads' outputs concatenated (before the output projection).</returns>
    public static Tensor Attend(Tensor query, Tensor key, Tensor value, long heads, Tensor? mask, double dropout, bool causal = false)
    {
        using var scope = NewDisposeScope();
        var q = Split(query, heads);                                                                   // (B, nh, T, hd)
        var k = Split(key, heads);                                                                     // (B, nh, T, hd)
        var v = Split(value, heads);                                                                   // (B, nh, T, hd)
        // TorchSharp 0.107 spells the is_causal argument "is_casual".
        var y = nn.functional.scaled_dot_product_attention(q, k, v, mask, dropout, is_casual: causal); // (B, nh, T, hd)
        return Merge(y).MoveToOuterDisposeScope();                                                     // (B, T, H)
    }
}

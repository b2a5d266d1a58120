using static TorchSharp.torch;

namespace Contrastive.Sequences.Model;

/// <summary>
/// Where the real (non-padding) items of a right-padded (B, T) batch sit, so that the position-wise layers (projections,
/// feed-forward, LayerNorm) run on the M real tokens only, (M, D), and only attention sees the padded (B, T, D) layout.
/// With short sequences padded to a long one (Beauty: about 6 items on average, batches padded to 50) this skips most
/// of the encoder's work; outputs at real positions are unchanged, since under the causal mask a real position only
/// attends to earlier, real, positions.
/// </summary>
public sealed class TokenLayout
{
    /// <summary>(M) int64 indices of the real tokens in the flattened (B*T) batch.</summary>
    public Tensor Index { get; }
    public long Batch { get; }
    public long Length { get; }

    /// <param name="items">(B, T) right-padded item ids, 0 = padding.</param>
    public TokenLayout(Tensor items)
    {
        (Batch, Length) = (items.shape[0], items.shape[1]);
        Index = items.reshape(-1).nonzero().squeeze(1);                 // (M)
    }

    /// <summary>(B, T, D) → (M, D): the real tokens.</summary>
    public Tensor Pack(Tensor padded) => padded.reshape(Batch * Length, -1).index_select(0, Index);

    /// <summary>(M, D) → (B, T, D) with zeros at the padding.</summary>
    public Tensor Pad(Tensor packed) =>
        zeros(Batch * Length, packed.shape[1], dtype: packed.dtype, device: packed.device)
            .index_copy(0, Index, packed).view(Batch, Length, -1);
}

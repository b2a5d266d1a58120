using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using static TorchSharp.torch;

namespace Contrastive.Text.Pooling;

/// <summary>
/// SimCSE's <c>Pooler</c> (Gao et al. 2021, "SimCSE: Simple Contrastive Learning of Sentence Embeddings",
/// <c>simcse/models.py</c>), with m the (B, T) attention mask and h^(l) the hidden states (index 0 = embeddings):
/// <list type="bullet">
/// <item>cls: <c>pooler_output = tanh(W h^(L)[:, 0] + b)</c> (B, H);</item>
/// <item>cls_before_pooler: <c>h^(L)[:, 0]</c>;</item>
/// <item>avg: <c>sum_t m_t h^(L)_t / sum_t m_t</c>;</item>
/// <item>avg_first_last: the same masked mean of <c>(h^(1) + h^(L)) / 2</c> (h^(1): first Transformer layer, not the embeddings);</item>
/// <item>avg_top2: the same masked mean of <c>(h^(L-1) + h^(L)) / 2</c>.</item>
/// </list>
/// Padded positions (m = 0) never contribute. The two "avg_" variants need
/// <c>BertModel.Forward(..., outputHiddenStates: true)</c> (<see cref="NeedsHiddenStates"/>).
/// </summary>
public sealed class SentencePooler
{
    public SentencePooler(PoolerType type)
    {
        if (!Enum.IsDefined(type)) throw new ArgumentOutOfRangeException(nameof(type), type, "not a PoolerType");
        Type = type;
    }

    public PoolerType Type { get; }

    /// <summary>Whether <see cref="Pool"/> needs the per-layer hidden states.</summary>
    public bool NeedsHiddenStates => Type is PoolerType.AvgTop2 or PoolerType.AvgFirstLast;

    /// <param name="output">The encoder's output for the batch.</param>
    /// <param name="attentionMask">(B, T) 1 for real tokens, 0 for padding.</param>
    /// <returns>(B, H) sentence embeddings; for "cls" the very tensor <c>output.PoolerOutput</c>. The others are the
    /// pipeline's <see cref="TokenPooling"/> of the same name.</returns>
    public Tensor Pool(BertModelOutput output, Tensor attentionMask)
    {
        if (Type == PoolerType.Cls)
            return output.PoolerOutput
                ?? throw new ContrastiveException("Pooler type 'cls' needs the BERT pooler, but this model has none; use 'cls_before_pooler'.");
        return TokenPoolingNames.FromPooler(Type).Pool(output, attentionMask);
    }

    /// <summary><c>sum_t m_t x_t / sum_t m_t</c> over T: (B, T, H) x (B, T) -> (B, H); an all-padding row gives 0, not NaN.</summary>
    public static Tensor MaskedMean(Tensor x, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var m = attentionMask.to_type(x.dtype);                       // (B, T)
        var sum = m.unsqueeze(1).matmul(x).squeeze(1);                // (B, 1, T) @ (B, T, H) -> (B, H)
        var count = m.sum(1, keepdim: true).clamp_min(1.0);           // (B, 1)
        return sum.div_(count).MoveToOuterDisposeScope();
    }
}

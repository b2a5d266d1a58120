using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// A padded batch of tokenized sentences, the three inputs of a BERT encoder. All tensors are int64 of shape
/// (B, T), where T is the longest sequence of the batch (dynamic padding). Disposing the batch disposes the tensors.
/// </summary>
public sealed class TokenizedBatch : IDisposable
{
    public TokenizedBatch(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        ArgumentNullException.ThrowIfNull(tokenTypeIds);
        if (inputIds.dim() != 2)
            throw new ArgumentException($"input_ids must have shape (B, T), got ({string.Join(", ", inputIds.shape)}).", nameof(inputIds));
        if (!attentionMask.shape.SequenceEqual(inputIds.shape) || !tokenTypeIds.shape.SequenceEqual(inputIds.shape))
            throw new ArgumentException("attention_mask and token_type_ids must have the shape of input_ids.");
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = tokenTypeIds;
    }

    /// <summary>The tensors of <paramref name="padded"/>, with token_type_ids all 0.</summary>
    public static TokenizedBatch From(PaddedTokens padded)
    {
        ArgumentNullException.ThrowIfNull(padded);
        return new TokenizedBatch(
            torch.tensor(padded.InputIds, padded.Shape),
            torch.tensor(padded.AttentionMask, padded.Shape),
            torch.zeros(padded.Shape, ScalarType.Int64));
    }

    /// <summary>Token ids, [CLS] first, [SEP] last, then [PAD]. (B, T) int64.</summary>
    public Tensor InputIds { get; }

    /// <summary>1 on real tokens (including [CLS] and [SEP]), 0 on padding. (B, T) int64.</summary>
    public Tensor AttentionMask { get; }

    /// <summary>Segment ids, all 0 for single sentences. (B, T) int64.</summary>
    public Tensor TokenTypeIds { get; }

    /// <summary>B, the number of sentences.</summary>
    public int BatchSize => (int)InputIds.shape[0];

    /// <summary>T, the padded sequence length.</summary>
    public int SequenceLength => (int)InputIds.shape[1];

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        TokenTypeIds.Dispose();
    }
}

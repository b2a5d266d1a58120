namespace Contrastive.Text.Tokenization;

/// <summary>
/// Token id sequences padded to the longest one (dynamic padding), as flat row-major (B, T) int64 arrays: the
/// inputs of a BERT encoder, for TorchSharp (<see cref="TokenizedBatch.From"/>) or ONNX Runtime alike.
/// </summary>
public sealed class PaddedTokens
{
    PaddedTokens(long[] inputIds, long[] attentionMask, int batch, int length)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        Batch = batch;
        Length = length;
    }

    /// <summary>(B, T) token ids, [PAD] after each sequence.</summary>
    public long[] InputIds { get; }

    /// <summary>(B, T) 1 on real tokens, 0 on padding.</summary>
    public long[] AttentionMask { get; }

    public int Batch { get; }
    public int Length { get; }
    public long[] Shape => [Batch, Length];

    /// <summary>Pads <paramref name="sequences"/> (at least one, each non-empty) with <paramref name="padId"/>.</summary>
    public static PaddedTokens Pad(IReadOnlyList<IReadOnlyList<int>> sequences, int padId)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("Cannot pad an empty batch.", nameof(sequences));
        int batch = sequences.Count, length = sequences.Max(s => s.Count);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        Array.Fill(ids, padId);
        for (int b = 0; b < batch; b++)
        {
            var s = sequences[b];
            for (int t = 0; t < s.Count; t++)
            {
                ids[b * length + t] = s[t];
                mask[b * length + t] = 1;
            }
        }
        return new PaddedTokens(ids, mask, batch, length);
    }

    /// <summary>
    /// The order in which to encode <paramref name="sequences"/> so that each batch pads little: longest first (ties
    /// keep their order), as the SimCSE tool sorts its inputs.
    /// </summary>
    public static int[] LongestFirst(IReadOnlyList<IReadOnlyList<int>> sequences) =>
        Enumerable.Range(0, sequences.Count).OrderByDescending(i => sequences[i].Count).ToArray();
}

using static TorchSharp.torch;

namespace Contrastive.Sequences.Model;

/// <summary>
/// Item sequences as one right-padded (B, T) tensor for <see cref="SasRec"/>: each row keeps its last
/// <c>maxLength</c> items (the most recent, as RecBole's <c>MAX_ITEM_LIST_LENGTH</c>), left-aligned, padded with 0;
/// T is the longest kept row (batches are trimmed to their longest sequence).
/// </summary>
public static class PaddedSequences
{
    /// <param name="sequences">Non-empty sequences of item ids.</param>
    /// <param name="maxLength">Items kept per row, from the end.</param>
    /// <returns>Items (B, T) int64 and lengths (B) int64, created in the current dispose scope.</returns>
    public static (Tensor Items, Tensor Lengths) Create(IReadOnlyList<IReadOnlyList<int>> sequences, int maxLength)
    {
        int B = sequences.Count;
        if (B == 0) throw new ArgumentException("No sequence to pad.", nameof(sequences));
        var lengths = new long[B];
        for (int b = 0; b < B; b++)
        {
            if (sequences[b].Count == 0) throw new ArgumentException($"Sequence {b} is empty.", nameof(sequences));
            lengths[b] = Math.Min(sequences[b].Count, maxLength);
        }
        int T = (int)lengths.Max();
        var data = new long[B * T];
        for (int b = 0; b < B; b++)
        {
            var s = sequences[b];
            int skip = s.Count - (int)lengths[b];
            for (int t = 0; t < lengths[b]; t++) data[b * T + t] = s[skip + t];
        }
        return (tensor(data, [B, T], ScalarType.Int64), tensor(lengths, ScalarType.Int64));
    }
}

namespace Contrastive.Sequences.Augmentation;

/// <summary>
/// CL4SRec's item reorder (Xie et al. ICDE 2022, eq. 6): a contiguous span of <c>floor(beta * |s|)</c> items starting
/// at a uniform position is shuffled (Fisher-Yates); the multiset of items is unchanged.
/// </summary>
public sealed class ItemReorder : ISequenceAugmentation
{
    /// <summary>The reordered fraction, in [0, 1] (paper: 0.6).</summary>
    public double Beta { get; }

    public ItemReorder(double beta = 0.6)
    {
        if (!(beta >= 0 && beta <= 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, $"beta must be in [0, 1], got {beta}.");
        Beta = beta;
    }

    /// <summary>The length of the shuffled span of a sequence of <paramref name="length"/> items.</summary>
    public int SpanLength(int length) => (int)Math.Floor(Beta * length);

    public int[] Apply(IReadOnlyList<int> items, Random random)
    {
        var result = items.ToArray();
        int n = SpanLength(result.Length);
        int start = random.Next(result.Length - n + 1);
        for (int i = n - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (result[start + i], result[start + j]) = (result[start + j], result[start + i]);
        }
        return result;
    }
}

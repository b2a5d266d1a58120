namespace Contrastive.Sequences.Augmentation;

/// <summary>
/// CoSeRec's item substitute (Liu et al. 2021, eq. 7): <c>max(1, floor(rate * |s|))</c> positions, drawn without
/// replacement, are replaced by a correlated item (<see cref="ItemCorrelation.Correlated"/>); the length is unchanged.
/// </summary>
public sealed class ItemSubstitute : ISequenceAugmentation
{
    public ItemCorrelation Correlation { get; }

    /// <summary>The substituted fraction, in (0, 1] (CoSeRec's Beauty script: 0.05; code default 0.1).</summary>
    public double Rate { get; }

    public ItemSubstitute(ItemCorrelation correlation, double rate = 0.05)
    {
        if (!(rate > 0 && rate <= 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, $"The substitute rate must be in (0, 1], got {rate}.");
        (Correlation, Rate) = (correlation, rate);
    }

    /// <summary>The number of substituted items of a sequence of <paramref name="length"/> items.</summary>
    public int SubstituteCount(int length) => Math.Max(1, (int)Math.Floor(Rate * length));

    public int[] Apply(IReadOnlyList<int> items, Random random)
    {
        var result = items.ToArray();
        foreach (var position in RandomPositions.Choose(result.Length, SubstituteCount(result.Length), random))
            result[position] = Correlation.Correlated(result[position], random);
        return result;
    }
}

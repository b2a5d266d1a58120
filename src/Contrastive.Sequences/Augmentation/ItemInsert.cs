namespace Contrastive.Sequences.Augmentation;

/// <summary>
/// CoSeRec's item insert (Liu et al. 2021, eq. 6): <c>max(1, floor(rate * |s|))</c> positions, drawn without
/// replacement; before each chosen item its correlated item (<see cref="ItemCorrelation.Correlated"/>) is inserted
/// (one per position: the code's <c>max_insert_num_per_pos = 1</c>). The result is longer than the input; the batch
/// keeps its last <c>MAX_ITEM_LIST_LENGTH</c> items, as the code truncates from the left.
/// </summary>
public sealed class ItemInsert : ISequenceAugmentation
{
    public ItemCorrelation Correlation { get; }

    /// <summary>The inserted fraction, in (0, 1] (CoSeRec's Beauty script: 0.5; code default 0.4).</summary>
    public double Rate { get; }

    public ItemInsert(ItemCorrelation correlation, double rate = 0.5)
    {
        if (!(rate > 0 && rate <= 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, $"The insert rate must be in (0, 1], got {rate}.");
        (Correlation, Rate) = (correlation, rate);
    }

    /// <summary>The number of inserted items for a sequence of <paramref name="length"/> items.</summary>
    public int InsertCount(int length) => Math.Max(1, (int)Math.Floor(Rate * length));

    public int[] Apply(IReadOnlyList<int> items, Random random)
    {
        var chosen = RandomPositions.Choose(items.Count, InsertCount(items.Count), random).ToHashSet();
        var result = new List<int>(items.Count + chosen.Count);
        for (int i = 0; i < items.Count; i++)
        {
            if (chosen.Contains(i)) result.Add(Correlation.Correlated(items[i], random));
            result.Add(items[i]);
        }
        return result.ToArray();
    }
}

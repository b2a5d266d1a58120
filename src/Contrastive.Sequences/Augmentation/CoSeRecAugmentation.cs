namespace Contrastive.Sequences.Augmentation;

/// <summary>
/// CoSeRec's view generator (Liu et al. 2021, section 3.4; the code's <c>Random</c> with <c>augment_threshold &gt; 0</c>):
/// a sequence of more than <see cref="Threshold"/> items gets one of <see cref="Long"/> (insert, crop, mask, reorder,
/// substitute), a shorter one one of <see cref="Short"/> (the informative insert and substitute, plus the operators of
/// <c>augment_type_for_short</c>), each chosen uniformly.
/// </summary>
public sealed class CoSeRecAugmentation : ISequenceAugmentation
{
    public int Threshold { get; }
    public RandomAugmentation Short { get; }
    public RandomAugmentation Long { get; }

    public CoSeRecAugmentation(int threshold, IReadOnlyList<ISequenceAugmentation> shortChoices, IReadOnlyList<ISequenceAugmentation> longChoices)
    {
        if (threshold < 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"The length threshold must be at least 1, got {threshold}.");
        (Threshold, Short, Long) = (threshold, new RandomAugmentation(shortChoices), new RandomAugmentation(longChoices));
    }

    public int[] Apply(IReadOnlyList<int> items, Random random) =>
        (items.Count > Threshold ? Long : Short).Apply(items, random);
}

namespace Contrastive.Sequences.Augmentation;

/// <summary>CL4SRec's view generator: each call applies one of the given augmentations, chosen uniformly at random.</summary>
public sealed class RandomAugmentation : ISequenceAugmentation
{
    public IReadOnlyList<ISequenceAugmentation> Choices { get; }

    public RandomAugmentation(IReadOnlyList<ISequenceAugmentation> choices)
    {
        if (choices.Count == 0) throw new ArgumentException("At least one augmentation is needed.", nameof(choices));
        Choices = choices;
    }

    public int[] Apply(IReadOnlyList<int> items, Random random) => Choices[random.Next(Choices.Count)].Apply(items, random);
}

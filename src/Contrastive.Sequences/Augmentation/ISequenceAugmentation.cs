namespace Contrastive.Sequences.Augmentation;

/// <summary>A random transformation of an item sequence (a CL4SRec view), drawing only from the given generator.</summary>
public interface ISequenceAugmentation
{
    /// <param name="items">A non-empty sequence of item ids, oldest first; not modified.</param>
    /// <param name="random">The only source of randomness.</param>
    /// <returns>A new, non-empty sequence.</returns>
    int[] Apply(IReadOnlyList<int> items, Random random);
}

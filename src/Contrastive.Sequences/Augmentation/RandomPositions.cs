namespace Contrastive.Sequences.Augmentation;

/// <summary>Positions drawn without replacement (a partial Fisher-Yates shuffle), shared by the augmentations that
/// touch a random subset of items.</summary>
public static class RandomPositions
{
    /// <summary><paramref name="count"/> distinct positions of 0..<paramref name="length"/> - 1, in draw order.</summary>
    public static int[] Choose(int length, int count, Random random)
    {
        if (count < 0 || count > length) throw new ArgumentOutOfRangeException(nameof(count), count, $"Cannot choose {count} of {length} positions.");
        var positions = Enumerable.Range(0, length).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = random.Next(i, length);
            (positions[i], positions[j]) = (positions[j], positions[i]);
        }
        return positions[..count];
    }
}

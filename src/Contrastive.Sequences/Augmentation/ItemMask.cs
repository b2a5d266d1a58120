namespace Contrastive.Sequences.Augmentation;

/// <summary>
/// CL4SRec's item mask (Xie et al. ICDE 2022, eq. 5): <c>floor(gamma * |s|)</c> positions, drawn without
/// replacement, are replaced by a dedicated mask token (item id N + 1, not the padding 0).
/// </summary>
public sealed class ItemMask : ISequenceAugmentation
{
    /// <summary>The masked fraction, in [0, 1] (paper: 0.3).</summary>
    public double Gamma { get; }

    /// <summary>The id written in masked positions.</summary>
    public int MaskId { get; }

    public ItemMask(int maskId, double gamma = 0.3)
    {
        if (!(gamma >= 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"gamma must be in [0, 1], got {gamma}.");
        if (maskId < 1) throw new ArgumentOutOfRangeException(nameof(maskId), maskId, $"The mask id must not be the padding 0, got {maskId}.");
        (Gamma, MaskId) = (gamma, maskId);
    }

    /// <summary>The number of masked items of a sequence of <paramref name="length"/> items.</summary>
    public int MaskCount(int length) => (int)Math.Floor(Gamma * length);

    public int[] Apply(IReadOnlyList<int> items, Random random)
    {
        var result = items.ToArray();
        foreach (var position in RandomPositions.Choose(result.Length, MaskCount(result.Length), random))
            result[position] = MaskId;
        return result;
    }
}

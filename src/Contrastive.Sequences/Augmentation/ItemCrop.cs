namespace Contrastive.Sequences.Augmentation;

/// <summary>
/// CL4SRec's item crop (Xie et al., "Contrastive Learning for Sequential Recommendation", ICDE 2022, eq. 4):
/// a contiguous sub-sequence of length <c>L_c = max(1, floor(eta * |s|))</c> starting at a uniform position.
/// </summary>
public sealed class ItemCrop : ISequenceAugmentation
{
    /// <summary>The kept fraction, in (0, 1] (paper: 0.6).</summary>
    public double Eta { get; }

    public ItemCrop(double eta = 0.6)
    {
        if (!(eta > 0 && eta <= 1)) throw new ArgumentOutOfRangeException(nameof(eta), eta, $"eta must be in (0, 1], got {eta}.");
        Eta = eta;
    }

    /// <summary>The cropped length of a sequence of <paramref name="length"/> items.</summary>
    public int CropLength(int length) => Math.Max(1, (int)Math.Floor(Eta * length));

    public int[] Apply(IReadOnlyList<int> items, Random random)
    {
        int n = CropLength(items.Count);
        int start = random.Next(items.Count - n + 1);
        return items.Skip(start).Take(n).ToArray();
    }
}

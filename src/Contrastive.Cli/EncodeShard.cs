using System.Globalization;
using Contrastive.Core;

namespace Contrastive.Cli;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (<c>--shard i/n</c>, 0 ≤ i &lt; n) of a corpus for
/// <c>contrastive encode</c>. The corpus is encoded in blocks of whole batches (<see cref="BlockRows"/>), sorted by
/// length only inside a block, and a shard is a contiguous run of whole blocks: blocks
/// [⌊i·B/n⌋, ⌊(i+1)·B/n⌋) of the B blocks. Every row is therefore encoded in the same batch, beside the same rows, as
/// in a single run, so the parts joined in order are byte-identical to the single run's output.
/// </summary>
public readonly record struct EncodeShard(int Index, int Count)
{
    /// <summary>Batches per block.</summary>
    public const int BatchesPerBlock = 16;

    /// <summary>The whole corpus (one shard).</summary>
    public static EncodeShard All { get; } = new(0, 1);

    /// <summary>Rows of one encoding block for a batch size.</summary>
    public static int BlockRows(int batchSize) => checked(batchSize * BatchesPerBlock);

    /// <exception cref="ContrastiveException">Not of the form i/n with 0 ≤ i &lt; n.</exception>
    public static EncodeShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i < n)
            return new EncodeShard(i, n);
        throw new ContrastiveException($"--shard must be i/n with 0 <= i < n (e.g. 0/4), not '{text}'.");
    }

    /// <summary>The shard's rows [Start, End) of a corpus of <paramref name="rows"/> rows.</summary>
    public (int Start, int End) Rows(int rows, int batchSize)
    {
        int block = BlockRows(batchSize);
        long blocks = (rows + (long)block - 1) / block;
        long first = Index * blocks / Count, last = (Index + 1) * blocks / Count;
        return ((int)Math.Min(rows, first * block), (int)Math.Min(rows, last * block));
    }
}

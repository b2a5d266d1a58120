using static TorchSharp.torch;

namespace Contrastive.Sequences.Augmentation;

/// <summary>
/// CoSeRec's item correlations (Liu et al., "Contrastive Self-supervised Sequential Recommendation with Robust
/// Augmentation", arXiv:2108.06479, 2021, section 3.3): for each item 1..N its most correlated items, best first, which
/// the informative augmentations substitute and insert.
/// <para><see cref="FromCooccurrence"/> is the code's default offline model, <c>ItemCF_IUF</c>: over the training
/// sequences u (each item counted once per sequence), <c>w(i, j) = Σ_u [i, j ∈ u, i ≠ j] / log(1 + |u|) /
/// sqrt(n_i n_j)</c> with n_i the number of sequences holding i. <see cref="FromEmbeddings"/> is the online model, the
/// cosine similarity of the model's item embeddings.</para>
/// <para><see cref="Correlated"/> returns the best item (the code's <c>most_similar(item, top_k=1)</c>), or one of the
/// <see cref="TopK"/> best drawn uniformly when more were kept; an item without any correlated item (never in a
/// training sequence with another item) gets a uniformly drawn item among those that have some, as the code's
/// <c>most_similar</c> falls back to a random item.</para>
/// </summary>
public sealed class ItemCorrelation
{
    readonly int[][] _neighbours;    // _neighbours[i] = the correlated items of item i, best first (index 0 unused)
    readonly int[] _withNeighbours;

    /// <summary>Items kept per item.</summary>
    public int TopK { get; }

    /// <param name="neighbours">neighbours[i - 1]: item i's correlated items (ids 1..N), best first, at most
    /// <paramref name="topK"/>.</param>
    public ItemCorrelation(IReadOnlyList<int[]> neighbours, int topK = 1)
    {
        if (topK < 1) throw new ArgumentOutOfRangeException(nameof(topK), topK, $"top-k must be at least 1, got {topK}.");
        TopK = topK;
        _neighbours = [[], .. neighbours.Select(n => n.Take(topK).ToArray())];
        for (int i = 1; i < _neighbours.Length; i++)
            foreach (var j in _neighbours[i])
                if (j < 1 || j >= _neighbours.Length) throw new ArgumentException($"Item {i} lists item {j}, outside 1..{neighbours.Count}.", nameof(neighbours));
        _withNeighbours = Enumerable.Range(1, neighbours.Count).Where(i => _neighbours[i].Length > 0).ToArray();
        if (_withNeighbours.Length == 0) throw new ArgumentException("No item has a correlated item.", nameof(neighbours));
    }

    /// <summary>N.</summary>
    public int ItemCount => _neighbours.Length - 1;

    /// <summary>Item <paramref name="item"/>'s kept correlated items, best first (empty when it has none).</summary>
    public IReadOnlyList<int> Neighbours(int item) => _neighbours[item];

    /// <summary>An item correlated with <paramref name="item"/> (see the class remarks).</summary>
    public int Correlated(int item, Random random)
    {
        var n = item >= 1 && item < _neighbours.Length ? _neighbours[item] : [];
        if (n.Length == 0) return _withNeighbours[random.Next(_withNeighbours.Length)];
        return n.Length == 1 ? n[0] : n[random.Next(n.Length)];
    }

    /// <summary>ItemCF-IUF over <paramref name="sequences"/> (items 1..<paramref name="itemCount"/>); ties go to the
    /// smaller id.</summary>
    public static ItemCorrelation FromCooccurrence(IEnumerable<int[]> sequences, int itemCount, int topK = 1)
    {
        var counts = new int[itemCount + 1];
        var pairs = new Dictionary<int, double>[itemCount + 1];
        foreach (var sequence in sequences)
        {
            var items = sequence.Distinct().ToArray();
            double weight = 1.0 / Math.Log(1 + items.Length);
            foreach (var i in items)
            {
                counts[i]++;
                foreach (var j in items)
                {
                    if (i == j) continue;
                    var row = pairs[i] ??= [];
                    row[j] = row.GetValueOrDefault(j) + weight;
                }
            }
        }
        var neighbours = new int[itemCount][];
        for (int i = 1; i <= itemCount; i++)
            neighbours[i - 1] = pairs[i] is null ? [] :
                pairs[i].Select(p => (Item: p.Key, Score: p.Value / Math.Sqrt((double)counts[i] * counts[p.Key])))
                        .OrderByDescending(p => p.Score).ThenBy(p => p.Item).Take(topK).Select(p => p.Item).ToArray();
        return new ItemCorrelation(neighbours, topK);
    }

    /// <summary>CoSeRec's online model: the <paramref name="topK"/> items of highest cosine similarity between the
    /// rows of <paramref name="embeddings"/> (N, H), row j being item j + 1 (e.g. the item embedding without its
    /// padding and mask rows); an item is never its own neighbour.</summary>
    public static ItemCorrelation FromEmbeddings(Tensor embeddings, int topK = 1, int chunkRows = 1024)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = embeddings.shape[0];
        var unit = nn.functional.normalize(embeddings.detach().to(ScalarType.Float32), p: 2, dim: 1);   // (N, H)
        var neighbours = new int[n][];
        for (long start = 0; start < n; start += chunkRows)
        {
            long rows = Math.Min(chunkRows, n - start);
            var sim = unit.narrow(0, start, rows).matmul(unit.t());                                     // (rows, N)
            sim = sim.index_put_(float.NegativeInfinity, arange(rows), arange(start, start + rows));    // not itself
            var top = sim.topk((int)Math.Min(topK, n - 1), dim: 1).indexes.data<long>().ToArray();      // (rows, k)
            int k = top.Length / (int)rows;
            for (int r = 0; r < rows; r++) neighbours[start + r] = top.Skip(r * k).Take(k).Select(j => (int)j + 1).ToArray();
        }
        return new ItemCorrelation(neighbours, topK);
    }
}

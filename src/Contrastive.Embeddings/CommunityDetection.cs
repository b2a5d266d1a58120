using static TorchSharp.torch;

namespace Contrastive.Embeddings;

/// <summary>
/// sentence-transformers' <c>util.community_detection</c> (fast clustering): a row is the centre of a community
/// when at least <c>minCommunitySize</c> rows (itself included) have cosine ≥ <c>threshold</c> with it; its community is
/// all those rows, most similar first. Communities are then taken largest first, each losing the rows an earlier one
/// took, and kept while at least <c>minCommunitySize</c> rows remain. Rows are scored <c>batchSize</c> at a time,
/// S = E_b E^T, (b, D) x (D, N) -> (b, N).
/// </summary>
public static class CommunityDetection
{
    public const double DefaultThreshold = 0.75;
    public const int DefaultMinCommunitySize = 10;
    public const int DefaultBatchSize = 1024;

    /// <param name="embeddings">(N, D).</param>
    /// <returns>Disjoint communities of row indices, largest first; each lists its centre's neighbours by decreasing cosine.</returns>
    public static IReadOnlyList<IReadOnlyList<int>> Detect(Tensor embeddings, double threshold = DefaultThreshold,
        int minCommunitySize = DefaultMinCommunitySize, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCommunitySize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (double.IsNaN(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be a number, not NaN.");
        if (embeddings.dim() != 2)
            throw new ArgumentException($"embeddings must be (N, D), but its shape is [{string.Join(", ", embeddings.shape)}].", nameof(embeddings));
        int n = (int)embeddings.shape[0];
        if (n == 0) return [];

        using var scope = NewDisposeScope();
        var e = nn.functional.normalize(embeddings.detach().to(ScalarType.Float32).cpu(), p: 2, dim: 1);   // (N, D)
        int minSize = Math.Min(minCommunitySize, n);
        int sortMaxSize = Math.Min(Math.Max(2 * minSize, 50), n);
        var extracted = new List<int[]>();
        for (int start = 0; start < n; start += batchSize)
        {
            int b = Math.Min(batchSize, n - start);
            using var batchScope = NewDisposeScope();
            var scores = e.narrow(0, start, b).matmul(e.t());                      // (b, N)
            var kth = scores.topk(minSize, dim: 1).values.select(1, minSize - 1)   // (b): the minSize-th best cosine
                .contiguous().data<float>().ToArray();
            for (int i = 0; i < b; i++)
            {
                if (kth[i] < threshold) continue;
                using var rowScope = NewDisposeScope();
                var row = scores[i];                                                // (N)
                var (values, indices) = row.topk(sortMaxSize);
                while (values[sortMaxSize - 1].item<float>() > threshold && sortMaxSize < n)
                {
                    sortMaxSize = Math.Min(2 * sortMaxSize, n);
                    (values, indices) = row.topk(sortMaxSize);
                }
                var v = values.data<float>().ToArray();
                var idx = indices.data<long>().ToArray();
                extracted.Add(Enumerable.Range(0, v.Length).Where(j => v[j] >= threshold).Select(j => (int)idx[j]).ToArray());
            }
        }

        var taken = new HashSet<int>();
        var unique = new List<IReadOnlyList<int>>();
        foreach (var community in extracted.OrderByDescending(c => c.Length))   // stable, as Python's sorted
        {
            var rest = community.Where(r => !taken.Contains(r)).ToArray();
            if (rest.Length < minSize) continue;
            unique.Add(rest);
            taken.UnionWith(rest);
        }
        return unique.OrderByDescending(c => c.Count).ToArray();
    }
}

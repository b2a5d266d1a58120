using static TorchSharp.torch;

namespace Contrastive.Embeddings;

/// <summary>
/// sentence-transformers' <c>util.paraphrase_mining_embeddings</c>: the pairs (i, j), i &lt; j, of most similar rows
/// of one embedding matrix by cosine. Each row keeps its <c>topK</c> most similar other rows (the block
/// S = E_q E_c^T, (q, D) x (D, c) -> (q, c), is scored chunk by chunk, and its top-(k+1) taken so the row itself can be
/// dropped); the pairs found from both ends are merged, sorted by decreasing score and cut to <c>maxPairs</c>.
/// </summary>
public static class ParaphraseMining
{
    public const int DefaultQueryChunkSize = 5000;
    public const int DefaultCorpusChunkSize = 100_000;
    public const int DefaultMaxPairs = 500_000;
    public const int DefaultTopK = 100;

    /// <param name="embeddings">(N, D).</param>
    /// <returns>At most <paramref name="maxPairs"/> pairs, best first (ties: lower i, then lower j first).</returns>
    public static IReadOnlyList<ParaphrasePair> Mine(Tensor embeddings, int topK = DefaultTopK, int maxPairs = DefaultMaxPairs,
        int queryChunkSize = DefaultQueryChunkSize, int corpusChunkSize = DefaultCorpusChunkSize)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPairs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryChunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(corpusChunkSize, 1);
        if (embeddings.dim() != 2)
            throw new ArgumentException($"embeddings must be (N, D), but its shape is [{string.Join(", ", embeddings.shape)}].", nameof(embeddings));

        using var scope = NewDisposeScope();
        var e = nn.functional.normalize(embeddings.detach().to(ScalarType.Float32).cpu(), p: 2, dim: 1);   // (N, D)
        int n = (int)e.shape[0];
        var pairs = new Dictionary<(int, int), float>();
        for (int cs = 0; cs < n; cs += corpusChunkSize)
        {
            int cn = Math.Min(corpusChunkSize, n - cs);
            for (int qs = 0; qs < n; qs += queryChunkSize)
            {
                int qn = Math.Min(queryChunkSize, n - qs);
                using var blockScope = NewDisposeScope();
                var scores = e.narrow(0, qs, qn).matmul(e.narrow(0, cs, cn).t());   // (q, c)
                int kk = Math.Min(topK + 1, cn);
                var (values, local) = scores.topk(kk, dim: 1);                       // (q, k+1)
                var v = values.contiguous().data<float>().ToArray();
                var idx = local.contiguous().data<long>().ToArray();
                for (int a = 0; a < qn; a++)
                    for (int b = 0; b < kk; b++)
                    {
                        int i = qs + a, j = cs + (int)idx[a * kk + b];
                        if (i == j) continue;
                        var key = i < j ? (i, j) : (j, i);
                        pairs[key] = v[a * kk + b];
                    }
            }
        }
        return pairs
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2)
            .Take(maxPairs)
            .Select(p => new ParaphrasePair(p.Value, p.Key.Item1, p.Key.Item2))
            .ToArray();
    }
}

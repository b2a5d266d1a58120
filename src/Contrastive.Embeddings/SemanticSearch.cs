using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Embeddings;

/// <summary>
/// sentence-transformers' <c>util.semantic_search</c>: exact top-k cosine search of query embeddings over corpus
/// embeddings that need not fit one matrix product. Both sides are scaled to unit length, so the score is
/// cos(q, c) = q·c / (‖q‖ ‖c‖). The queries are taken <c>queryChunkSize</c> at a time and the corpus
/// <c>corpusChunkSize</c> rows at a time: S = Q_i C_j^T, (q, D) x (D, c) -> (q, c); each block's top-k is merged with the
/// running best, so memory is O(q c) and the corpus is never fully sorted.
/// </summary>
public static class SemanticSearch
{
    /// <summary>sentence-transformers' default <c>query_chunk_size</c>.</summary>
    public const int DefaultQueryChunkSize = 100;

    /// <summary>sentence-transformers' default <c>corpus_chunk_size</c>.</summary>
    public const int DefaultCorpusChunkSize = 500_000;

    /// <summary>sentence-transformers' default <c>top_k</c>.</summary>
    public const int DefaultTopK = 10;

    /// <param name="queryEmbeddings">(Q, D) or a single (D) query.</param>
    /// <param name="corpusEmbeddings">(N, D).</param>
    /// <returns>For each query, min(topK, N) hits sorted by decreasing cosine.</returns>
    /// <exception cref="ArgumentException">The shapes do not agree or a size is below 1.</exception>
    public static IReadOnlyList<IReadOnlyList<CorpusHit>> Search(Tensor queryEmbeddings, Tensor corpusEmbeddings, int topK = DefaultTopK,
        int queryChunkSize = DefaultQueryChunkSize, int corpusChunkSize = DefaultCorpusChunkSize)
    {
        ArgumentNullException.ThrowIfNull(queryEmbeddings);
        ArgumentNullException.ThrowIfNull(corpusEmbeddings);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryChunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(corpusChunkSize, 1);
        if (corpusEmbeddings.dim() != 2)
            throw new ArgumentException($"corpusEmbeddings must be (N, D), but its shape is [{string.Join(", ", corpusEmbeddings.shape)}].", nameof(corpusEmbeddings));
        long d = corpusEmbeddings.shape[1];
        if (queryEmbeddings.dim() is not (1 or 2) || queryEmbeddings.shape[^1] != d)
            throw new ArgumentException($"queryEmbeddings must be (Q, {d}) or ({d}), but its shape is [{string.Join(", ", queryEmbeddings.shape)}].", nameof(queryEmbeddings));

        using var scope = NewDisposeScope();
        var queries = nn.functional.normalize(queryEmbeddings.detach().to(ScalarType.Float32).cpu().reshape(-1, d), p: 2, dim: 1);   // (Q, D)
        var corpus = corpusEmbeddings.detach().to(ScalarType.Float32).cpu();                                                        // (N, D), not copied
        // 1 / ‖c‖ per corpus row, so cos = (q̂ · c) / ‖c‖ without a normalised copy of the corpus.
        var inverseNorms = corpus.norm(dim: 1).clamp_min(1e-12).reciprocal();                                                   // (N)
        int q = (int)queries.shape[0], n = (int)corpus.shape[0];
        var results = new IReadOnlyList<CorpusHit>[q];
        for (int qs = 0; qs < q; qs += queryChunkSize)
        {
            int qn = Math.Min(queryChunkSize, q - qs);
            using var queryScope = NewDisposeScope();
            var block = queries.narrow(0, qs, qn);                                 // (q, D)
            if (n == 0)
            {
                for (int i = 0; i < qn; i++) results[qs + i] = [];
                continue;
            }
            var (best, bestIdx) = ChunkedTopK.Run(n, corpusChunkSize, topK,
                (cs, cn) => block.matmul(corpus.narrow(0, cs, cn).t()).mul_(inverseNorms.narrow(0, cs, cn)));   // (q, c) cosines
            int kept = (int)best.shape[1];
            var s = best.contiguous().data<float>().ToArray();
            var idx = bestIdx.contiguous().data<long>().ToArray();
            for (int i = 0; i < qn; i++)
                results[qs + i] = Enumerable.Range(0, kept).Select(j => new CorpusHit((int)idx[i * kept + j], s[i * kept + j])).ToArray();
        }
        return results;
    }
}

using static TorchSharp.torch;

namespace Contrastive.Embeddings.Indexes;

/// <summary>
/// Exact top-k of a block of queries over a corpus scored one chunk of rows at a time: chunk c's scores
/// S_c: (b, C) give their own top-k, merged with the running best k, so memory is O(b C) and the corpus is never
/// fully sorted; the result is the exact top-k (ties in any order). Used by <see cref="ExactInnerProductIndex"/>,
/// <see cref="SemanticSearch"/> and the int8 stage of <see cref="Quantization.QuantizedIndex"/>, which differ only in
/// how a chunk is scored.
/// </summary>
internal static class ChunkedTopK
{
    /// <param name="n">Corpus rows, at least 1.</param>
    /// <param name="chunkRows">Rows scored per call of <paramref name="scoreChunk"/>.</param>
    /// <param name="k">Results per query.</param>
    /// <param name="scoreChunk">(start, rows) → the (b, rows) scores of the queries against corpus rows
    /// [start, start + rows); called inside a dispose scope per chunk.</param>
    /// <returns>Scores and global row indices, (b, min(k, n)) each, best first, in the caller's dispose scope.</returns>
    public static (Tensor Scores, Tensor Rows) Run(int n, int chunkRows, int k, Func<int, int, Tensor> scoreChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        Tensor? bestScores = null, bestRows = null;
        for (int start = 0; start < n; start += chunkRows)
        {
            int rows = Math.Min(chunkRows, n - start);
            using var chunkScope = NewDisposeScope();
            var scores = scoreChunk(start, rows);                                   // (b, C)
            var (values, local) = scores.topk(Math.Min(k, rows), dim: 1, largest: true, sorted: true);   // (b, kc)
            var global = local.add(start);
            if (bestScores is not null)
            {
                var candScores = cat([bestScores, values], 1);                      // (b, k1 + kc)
                var candRows = cat([bestRows!, global], 1);
                (values, var pick) = candScores.topk(Math.Min(k, (int)candScores.shape[1]), dim: 1, largest: true, sorted: true);
                global = candRows.gather(1, pick);
            }
            bestScores = values.MoveToOuterDisposeScope();
            bestRows = global.MoveToOuterDisposeScope();
        }
        return (bestScores!, bestRows!);
    }
}

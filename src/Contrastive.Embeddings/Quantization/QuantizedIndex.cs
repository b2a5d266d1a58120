using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Quantization;

/// <summary>
/// Search over quantised corpus embeddings with float rescoring, as sentence-transformers'
/// <c>semantic_search_faiss</c> / <c>semantic_search_usearch</c> (Shakir, Aarsen, Lee 2024, "Binary and Scalar Embedding
/// Quantization"): the query is quantised the same way, the best k · <c>rescoreMultiplier</c> corpus rows are found by
/// comparing codes (int8: inner product of the codes; binary: smallest Hamming distance), and, with rescoring, those
/// candidates are re-ranked by the float query against the stored codes and the best k kept.
/// <para>Rescore score: int8 — q · x̂ with x̂ the dequantised row (an approximate cosine for unit q, x); binary —
/// q · (2b − 1) / √D, the float query against the ±1 signs (sentence-transformers uses q · b, the same order per query).
/// Without rescoring the scores are those of the code comparison (int8: q8 · x8; binary: −H).</para>
/// <para>Only the codes are kept: N·D bytes (int8) or N·⌈D/8⌉ bytes (binary). The index is immutable, so any number of
/// threads may search it at once.</para>
/// </summary>
public sealed class QuantizedIndex : IDisposable
{
    /// <summary>sentence-transformers' default <c>rescore_multiplier</c>.</summary>
    public const double DefaultRescoreMultiplier = 4.0;

    /// <summary>Corpus rows scored per matrix product (int8).</summary>
    public const int ChunkRows = 65_536;

    readonly Tensor? _int8Codes;          // (N, D) int8
    readonly byte[]? _binaryCodes;        // N * B bytes, row-major
    readonly int _bytesPerRow;

    /// <param name="corpusEmbeddings">(N, D) float embeddings (scaled to unit length first).</param>
    /// <param name="calibration">For int8: embeddings whose ranges define the steps (default: the corpus itself).</param>
    public QuantizedIndex(Tensor corpusEmbeddings, QuantizationPrecision precision, Tensor? calibration = null)
    {
        ArgumentNullException.ThrowIfNull(corpusEmbeddings);
        if (corpusEmbeddings.dim() != 2 || corpusEmbeddings.shape[0] < 1)
            throw new ArgumentException($"corpusEmbeddings must be (N, D) with N >= 1, but its shape is [{string.Join(", ", corpusEmbeddings.shape)}].", nameof(corpusEmbeddings));
        Precision = precision;
        Count = (int)corpusEmbeddings.shape[0];
        Dimension = (int)corpusEmbeddings.shape[1];
        using var scope = NewDisposeScope();
        var unit = nn.functional.normalize(corpusEmbeddings.detach().to(ScalarType.Float32).cpu(), p: 2, dim: 1);   // (N, D)
        if (precision == QuantizationPrecision.Int8)
        {
            Calibration = Int8Calibration.Fit(calibration is null ? unit : nn.functional.normalize(calibration.to(ScalarType.Float32).cpu(), p: 2, dim: 1));
            _int8Codes = Calibration.Quantize(unit).DetachFromDisposeScope();
        }
        else
        {
            _bytesPerRow = (Dimension + 7) / 8;
            _binaryCodes = BinaryCodes.Pack(unit).contiguous().data<byte>().ToArray();
        }
    }

    public QuantizationPrecision Precision { get; }
    public int Count { get; }
    public int Dimension { get; }

    /// <summary>The int8 ranges (null for binary).</summary>
    public Int8Calibration? Calibration { get; }

    /// <summary>Bytes held by the codes.</summary>
    public long CodeBytes => Precision == QuantizationPrecision.Int8 ? (long)Count * Dimension : (long)Count * _bytesPerRow;

    /// <summary>The top-<paramref name="topK"/> corpus rows of each query, best first.</summary>
    /// <param name="queries">(Q, D) float queries (scaled to unit length first).</param>
    /// <param name="rescoreMultiplier">Candidates per query before rescoring: ⌈topK · multiplier⌉; at least 1.</param>
    public IReadOnlyList<IReadOnlyList<CorpusHit>> Search(Tensor queries, int topK = SemanticSearch.DefaultTopK,
        double rescoreMultiplier = DefaultRescoreMultiplier, bool rescore = true)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        if (!(rescoreMultiplier >= 1)) throw new ArgumentOutOfRangeException(nameof(rescoreMultiplier), rescoreMultiplier, "rescoreMultiplier must be at least 1.");
        if (queries.dim() != 2 || queries.shape[1] != Dimension)
            throw new ArgumentException($"queries must be (Q, {Dimension}), but its shape is [{string.Join(", ", queries.shape)}].", nameof(queries));
        using var scope = NewDisposeScope();
        var q = nn.functional.normalize(queries.detach().to(ScalarType.Float32).cpu(), p: 2, dim: 1);   // (Q, D)
        int k = Math.Min(topK, Count);
        int candidates = rescore ? (int)Math.Min(Count, Math.Ceiling(topK * rescoreMultiplier)) : k;
        var (scores, rows) = Precision == QuantizationPrecision.Int8 ? Int8Candidates(q, candidates) : BinaryCandidates(q, candidates);   // (Q, c)
        if (rescore)
        {
            var flat = rows.flatten();                                            // (Q c)
            var approx = Precision == QuantizationPrecision.Int8
                ? Calibration!.Dequantize(_int8Codes!.index_select(0, flat))
                : BinaryCodes.Unpack(tensor(GatherBinary(flat.data<long>().ToArray()), dtype: ScalarType.Byte).view(-1, _bytesPerRow), Dimension)
                    .div(Math.Sqrt(Dimension));                                     // (Q c, D)
            var rescored = approx.view(q.shape[0], candidates, Dimension).matmul(q.unsqueeze(2)).squeeze(2);   // (Q, c, D) x (Q, D, 1) -> (Q, c)
            var (best, pick) = rescored.topk(k, dim: 1);
            scores = best;
            rows = rows.gather(1, pick);
        }
        var s = scores.contiguous().data<float>().ToArray();
        var r = rows.contiguous().data<long>().ToArray();
        int kept = (int)scores.shape[1];
        return Enumerable.Range(0, (int)q.shape[0])
            .Select(i => (IReadOnlyList<CorpusHit>)Enumerable.Range(0, kept).Select(j => new CorpusHit((int)r[i * kept + j], s[i * kept + j])).ToArray())
            .ToArray();
    }

    /// <summary>Top-c rows by q8 · x8, chunked; (Q, c) scores and rows, best first.</summary>
    (Tensor Scores, Tensor Rows) Int8Candidates(Tensor q, int c)
    {
        var q8 = Calibration!.Quantize(q).to(ScalarType.Float32);                   // (Q, D)
        // One float buffer reused for every chunk of codes: fresh large allocations cost page faults each time.
        var buffer = empty(Math.Min(ChunkRows, Count), Dimension);                  // (C, D)
        return ChunkedTopK.Run(Count, ChunkRows, c, (start, rows) =>
            q8.matmul(buffer.narrow(0, 0, rows).copy_(_int8Codes!.narrow(0, start, rows)).t()));   // int8 -> float32, (Q, C)
    }

    /// <summary>Top-c rows by smallest Hamming distance; (Q, c) scores −H and rows, best first.</summary>
    (Tensor Scores, Tensor Rows) BinaryCandidates(Tensor q, int c)
    {
        var packed = BinaryCodes.Pack(q).contiguous().data<byte>().ToArray();   // Q * B
        int nq = (int)q.shape[0];
        var distances = new float[Count];
        var scores = new List<Tensor>();
        var rows = new List<Tensor>();
        for (int i = 0; i < nq; i++)
        {
            var query = packed.AsSpan(i * _bytesPerRow, _bytesPerRow);
            for (int row = 0; row < Count; row++)
                distances[row] = -BinaryCodes.Hamming(query, _binaryCodes.AsSpan(row * _bytesPerRow, _bytesPerRow));
            var (values, idx) = tensor(distances).topk(c);
            scores.Add(values);
            rows.Add(idx);
        }
        return (stack(scores), stack(rows));
    }

    byte[] GatherBinary(long[] rows)
    {
        var result = new byte[rows.Length * _bytesPerRow];
        for (int i = 0; i < rows.Length; i++)
            Array.Copy(_binaryCodes!, rows[i] * _bytesPerRow, result, i * _bytesPerRow, _bytesPerRow);
        return result;
    }

    public void Dispose() => _int8Codes?.Dispose();
}

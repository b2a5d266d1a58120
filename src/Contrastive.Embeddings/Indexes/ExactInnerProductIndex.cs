using Contrastive.Core;
using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Indexes;

/// <summary>
/// Exact (brute-force) maximum-inner-product search over unit vectors, the SimCSE tool's non-faiss index and the
/// equivalent of faiss's <c>IndexFlatIP</c>: score(q, x_i) = q · x_i, which is cos(q, x_i) for a unit query.
/// <para>A search multiplies a block of queries by one chunk of the corpus at a time,
/// S = Q X_c^T: (Q, D) x (D, C) -> (Q, C), keeps each chunk's <c>topk</c> and merges it with the running best k,
/// so memory is O(Q C) and the corpus is never fully sorted; the result is the exact top-k (ties in any order).</para>
/// <para>Thread safety: any number of searches run concurrently (a reader lock); <see cref="Add"/> takes the writer
/// lock, so each search sees the index before or after an addition, never in between.</para>
/// <para>Saved as a folder: <c>vectors.safetensors</c> (tensor <c>vectors</c>, (N, D) F32), <c>sentences.jsonl</c>
/// (line i is the sentence of row i) and <c>index.json</c> (<see cref="VectorIndexManifest"/>), written last.</para>
/// </summary>
public sealed class ExactInnerProductIndex : IVectorIndex
{
    public const string KindName = "exact-inner-product";
    public const string VectorsFileName = "vectors.safetensors";
    public const string SentencesFileName = "sentences.jsonl";
    public const string VectorsTensorName = "vectors";

    /// <summary>Corpus rows scored per matrix product.</summary>
    public const int DefaultChunkRows = 65_536;

    /// <summary>Queries scored per matrix product, bounding the (Q, C) score block to 128 MB at the default chunk.</summary>
    public const int QueryBlockRows = 512;

    /// <summary>How far a stored row's norm may stray from 1 before <see cref="Load"/> rejects the file.</summary>

    readonly IndexGuard _guard;
    readonly List<string> _sentences;
    Tensor _storage;   // (capacity, D) float32; rows [0, _count) hold the vectors
    int _count;

    /// <param name="dimension">Width D of the vectors.</param>
    /// <param name="model">The model folder or name the vectors come from, recorded in <c>index.json</c>.</param>
    /// <param name="chunkRows">Corpus rows scored per matrix product.</param>
    public ExactInnerProductIndex(int dimension, string? model = null, int chunkRows = DefaultChunkRows)
        : this(dimension, model, chunkRows, null, [])
    {
    }

    /// <param name="storage">(N, D) float32 vectors, owned from now on; null for an empty index.</param>
    ExactInnerProductIndex(int dimension, string? model, int chunkRows, Tensor? storage, List<string> sentences)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        Dimension = dimension;
        _guard = new IndexGuard(nameof(ExactInnerProductIndex), dimension);
        Model = model;
        ChunkRows = chunkRows;
        _storage = (storage ?? empty(0, dimension)).DetachFromDisposeScope();
        _sentences = sentences;
        _count = sentences.Count;
    }

    public string Kind => KindName;
    public int Dimension { get; }
    public string? Model { get; }
    public int ChunkRows { get; }
    public int Count => Volatile.Read(ref _count);

    /// <summary>A copy of the sentences, row order.</summary>
    public IReadOnlyList<string> Sentences
    {
        get
        {
            using var _ = _guard.Read();
            return _sentences.ToArray();
        }
    }

    /// <summary>A copy of the stored unit vectors, (N, D) float32.</summary>
    public Tensor Vectors()
    {
        using var _ = _guard.Read();
        return _storage.narrow(0, 0, _count).clone();
    }

    /// <summary>
    /// Appends (n, D) vectors with their n sentences. Each row is scaled to unit length (a zero row stays zero), so
    /// scores are cosines for unit queries.
    /// </summary>
    /// <exception cref="ArgumentException">The shape does not match, the counts differ, or a value is NaN or infinite.</exception>
    public void Add(Tensor vectors, IReadOnlyList<string> sentences)
    {
        using var scope = NewDisposeScope();
        var unit = _guard.UnitRows(vectors, sentences);                           // (n, D) unit rows
        if (unit is null) return;
        int n = sentences.Count;

        using (_guard.Write())
        {
            if ((long)_count + n > int.MaxValue) throw new InvalidOperationException($"the index cannot hold more than {int.MaxValue} vectors.");
            EnsureCapacity(_count + n);
            _storage.narrow(0, _count, n).copy_(unit);
            _sentences.AddRange(sentences);
            Volatile.Write(ref _count, _count + n);
        }
    }

    /// <summary>
    /// The exact top-<paramref name="k"/> rows by inner product for each query, best first.
    /// </summary>
    /// <param name="queries">(Q, D) query vectors (use unit vectors for cosine scores).</param>
    /// <param name="k">Neighbours per query; min(k, N) are returned.</param>
    /// <returns>Q lists of matches, each sorted by descending score.</returns>
    public IReadOnlyList<IReadOnlyList<IndexMatch>> Search(Tensor queries, int k)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        _guard.RequireRows(queries, nameof(queries));
        int q = (int)queries.shape[0];
        var results = new IReadOnlyList<IndexMatch>[q];

        using var scope = NewDisposeScope();
        var all = queries.detach().to(ScalarType.Float32).cpu();                  // (Q, D)
        using var _ = _guard.Read();
        int n = _count;
        for (int start = 0; start < q; start += QueryBlockRows)
        {
            int rows = Math.Min(QueryBlockRows, q - start);
            if (n == 0)
            {
                for (int i = 0; i < rows; i++) results[start + i] = [];
                continue;
            }
            using var blockScope = NewDisposeScope();
            var (scores, indices) = TopK(all.narrow(0, start, rows), n, k);      // (b, k'), (b, k')
            int kept = (int)scores.shape[1];
            var s = scores.contiguous().data<float>().ToArray();
            var idx = indices.contiguous().data<long>().ToArray();
            for (int i = 0; i < rows; i++)
            {
                var matches = new IndexMatch[kept];
                for (int j = 0; j < kept; j++)
                {
                    int row = (int)idx[i * kept + j];
                    matches[j] = new IndexMatch(row, s[i * kept + j], _sentences[row]);
                }
                results[start + i] = matches;
            }
        }
        return results;
    }

    /// <summary>
    /// Top-k over the first <paramref name="n"/> stored rows, one corpus chunk at a time (caller holds the read lock).
    /// </summary>
    /// <param name="block">(b, D) queries.</param>
    /// <returns>Scores and global row indices, (b, min(k, n)) each, sorted by descending score.</returns>
    (Tensor Scores, Tensor Indices) TopK(Tensor block, int n, int k) =>
        ChunkedTopK.Run(n, ChunkRows, k, (start, rows) => block.matmul(_storage.narrow(0, start, rows).t()));   // (b, C)

    /// <summary>Writes <c>vectors.safetensors</c>, <c>sentences.jsonl</c> and, last, <c>index.json</c>, each atomically.</summary>
    public void Save(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        using var _ = _guard.Read();
        Directory.CreateDirectory(directory);
        SafeTensors.Save(Path.Combine(directory, VectorsFileName), [KeyValuePair.Create(VectorsTensorName, _storage.narrow(0, 0, _count))]);
        SentenceLinesFile.Save(Path.Combine(directory, SentencesFileName), _sentences);
        new VectorIndexManifest(KindName, Dimension, _count, Model).Save(directory);
    }

    /// <summary>Reads an index folder written by <see cref="Save"/>, checking that its three files agree.</summary>
    /// <exception cref="ContrastiveException">A file is missing, corrupt or disagrees with <c>index.json</c>; the message names it.</exception>
    public static ExactInnerProductIndex Load(string directory, int chunkRows = DefaultChunkRows)
    {
        var manifest = VectorIndexManifest.Load(directory);
        var manifestPath = Path.Combine(directory, VectorIndexManifest.FileName);
        manifest.RequireKind(directory, KindName);
        var vectorsPath = Path.Combine(directory, VectorsFileName);
        var sentencesPath = Path.Combine(directory, SentencesFileName);

        var tensors = SafeTensors.Load(vectorsPath);
        try
        {
            if (tensors.Count != 1 || !tensors.TryGetValue(VectorsTensorName, out var vectors))
                throw new ContrastiveException($"{vectorsPath}: expected one tensor named '{VectorsTensorName}' but found [{string.Join(", ", tensors.Keys)}].");
            if (vectors.dtype != ScalarType.Float32)
                throw new ContrastiveException($"{vectorsPath}: the vectors are {vectors.dtype}, not float32.");
            if (vectors.dim() != 2 || vectors.shape[0] != manifest.Count || vectors.shape[1] != manifest.Dimension)
                throw new ContrastiveException(
                    $"{vectorsPath}: holds a [{string.Join(", ", vectors.shape)}] tensor but {manifestPath} records {manifest.Count} vectors of dimension {manifest.Dimension}.");
            IndexGuard.RequireUnitRows(vectors, vectorsPath);
            var sentences = SentenceLinesFile.Load(sentencesPath);
            if (sentences.Count != manifest.Count)
                throw new ContrastiveException($"{sentencesPath}: holds {sentences.Count} sentences but {manifestPath} records {manifest.Count}.");
            tensors.Remove(VectorsTensorName);
            return new ExactInnerProductIndex(manifest.Dimension, manifest.Model, chunkRows, vectors, sentences);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    void EnsureCapacity(int needed)
    {
        long capacity = _storage.shape[0];
        if (needed <= capacity) return;
        long grown = Math.Max(needed, Math.Min(int.MaxValue, Math.Max(2 * capacity, 1024)));
        var storage = empty(grown, Dimension).DetachFromDisposeScope();
        if (_count > 0) storage.narrow(0, 0, _count).copy_(_storage.narrow(0, 0, _count));
        _storage.Dispose();
        _storage = storage;
    }

    public void Dispose() => _guard.Dispose(() => _storage.Dispose());
}

using Contrastive.Core;
using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Indexes;

/// <summary>
/// An inverted-file index over unit vectors (faiss's <c>IndexIVFFlat</c> with <c>METRIC_INNER_PRODUCT</c>, the SimCSE
/// tool's <c>faiss_fast</c> index): spherical k-means (<see cref="SphericalKMeans"/>) splits the corpus into C cells
/// with unit centroids μ_j; each vector is stored uncompressed in the list of its cell argmax_j x · μ_j. A query q
/// scores the C centroids, visits the <see cref="NProbe"/> best cells and returns the exact top-k by q · x among their
/// vectors: about N · nprobe / C inner products instead of N, at the price of missing neighbours in unvisited cells.
/// <para>The first <see cref="Add"/> trains the quantizer on (a sample of) its vectors with min(C, n) cells, as SimCSE
/// trains on the whole corpus before adding it; later additions go to the nearest existing cell.</para>
/// <para>Search, per query q: each visited cell's vectors are scored in place, s_c = X_c q, (M_c, D) x (D) -> (M_c),
/// the scores concatenated and one top-k taken: about N · nprobe / C inner products, no copy of the vectors.</para>
/// <para>Thread safety as <see cref="ExactInnerProductIndex"/>: concurrent searches under a reader lock, additions under
/// the writer lock.</para>
/// <para>Saved as a folder: <c>vectors.safetensors</c> with <c>vectors</c> (N, D) F32 in row order, <c>centroids</c>
/// (C, D) F32 and <c>assignments</c> (N) I64 (the cell of each row); <c>sentences.jsonl</c>; and <c>index.json</c>
/// (kind <c>ivf-flat</c>, <c>cells</c>, <c>nprobe</c>), written last.</para>
/// </summary>
public sealed class IvfIndex : IVectorIndex
{
    public const string KindName = "ivf-flat";
    public const string CentroidsTensorName = "centroids";
    public const string AssignmentsTensorName = "assignments";

    readonly IndexGuard _guard;
    readonly List<string> _sentences = [];
    readonly List<int> _assignments = [];   // cell of each row
    Tensor? _centroids;                      // (C, D), null until trained
    Tensor[] _cellVectors = [];              // per cell (capacity, D); rows [0, _cellRows[c].Count) used
    List<int>[] _cellRows = [];              // per cell: the global row of each stored vector
    int _count;
    int _nprobe;

    /// <param name="dimension">Width D of the vectors.</param>
    /// <param name="options">Cells, nprobe and k-means settings (SimCSE's faiss_fast defaults when null).</param>
    /// <param name="model">The model folder the vectors come from, recorded in <c>index.json</c>.</param>
    public IvfIndex(int dimension, IvfOptions? options = null, string? model = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
        _guard = new IndexGuard(nameof(IvfIndex), dimension);
        Options = (options ?? new IvfOptions()).Validate();
        Model = model;
        _nprobe = Options.NProbe;
    }

    public string Kind => KindName;
    public int Dimension { get; }
    public string? Model { get; }
    public IvfOptions Options { get; }
    public int Count => Volatile.Read(ref _count);

    /// <summary>Number of trained cells C (0 before the first addition).</summary>
    public int Cells
    {
        get
        {
            using var _ = _guard.Read();
            return _cellRows.Length;
        }
    }

    /// <summary>Cells visited per query (faiss's <c>index.nprobe</c>); may be changed between searches.</summary>
    public int NProbe
    {
        get => Volatile.Read(ref _nprobe);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(NProbe));
            Volatile.Write(ref _nprobe, value);
        }
    }

    /// <summary>Number of vectors in each cell, cell order.</summary>
    public int[] CellSizes()
    {
        using var _ = _guard.Read();
        return _cellRows.Select(r => r.Count).ToArray();
    }

    /// <summary>A copy of the (C, D) centroids; (0, D) before training.</summary>
    public Tensor Centroids()
    {
        using var _ = _guard.Read();
        return _centroids?.clone() ?? empty(0, Dimension);
    }

    /// <summary>
    /// Appends (n, D) vectors, scaled to unit length, with their sentences; the first call trains the cells on them.
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
            if (_centroids is null) Train(unit);
            var cells = SphericalKMeans.Assign(unit, _centroids!).data<long>().ToArray();   // (n)
            AppendRows(unit, cells, _count);
            _sentences.AddRange(sentences);
            Volatile.Write(ref _count, _count + n);
        }
    }

    /// <summary>Trains min(C, n) cells on a seeded sample of at most C · MaxTrainingPointsPerCell rows (writer lock held).</summary>
    void Train(Tensor unit)
    {
        int n = (int)unit.shape[0];
        int cells = Math.Min(Options.Cells, n);
        var random = new Random(Options.Seed);
        long sampleSize = Math.Min(n, (long)cells * Options.MaxTrainingPointsPerCell);
        using var scope = NewDisposeScope();
        var sample = unit;
        if (sampleSize < n)
        {
            var rows = Enumerable.Range(0, n).ToArray();
            random.Shuffle(rows);
            sample = unit.index_select(0, tensor(rows.Take((int)sampleSize).Select(r => (long)r).ToArray()));
        }
        SetCentroids(SphericalKMeans.Fit(sample, cells, Options.Iterations, random));
    }

    void SetCentroids(Tensor centroids)
    {
        int cells = (int)centroids.shape[0];
        _centroids = centroids.contiguous().DetachFromDisposeScope();
        _cellVectors = Enumerable.Range(0, cells).Select(_ => empty(0, Dimension).DetachFromDisposeScope()).ToArray();
        _cellRows = Enumerable.Range(0, cells).Select(_ => new List<int>()).ToArray();
    }

    /// <summary>Appends unit rows to their cells; row i gets global row <paramref name="firstRow"/> + i (writer lock held).</summary>
    void AppendRows(Tensor unit, long[] cells, int firstRow)
    {
        var byCell = new Dictionary<int, List<long>>();
        for (int i = 0; i < cells.Length; i++)
        {
            int c = (int)cells[i];
            if (!byCell.TryGetValue(c, out var list)) byCell[c] = list = [];
            list.Add(i);
            _assignments.Add(c);
        }
        foreach (var (c, local) in byCell)
        {
            using var scope = NewDisposeScope();
            int have = _cellRows[c].Count, add = local.Count;
            EnsureCellCapacity(c, have + add);
            _cellVectors[c].narrow(0, have, add).copy_(unit.index_select(0, tensor(local.ToArray())));
            _cellRows[c].AddRange(local.Select(i => firstRow + (int)i));
        }
    }

    void EnsureCellCapacity(int cell, int needed)
    {
        var storage = _cellVectors[cell];
        long capacity = storage.shape[0];
        if (needed <= capacity) return;
        long grown = Math.Max(needed, Math.Max(2 * capacity, 16));
        var bigger = empty(grown, Dimension).DetachFromDisposeScope();
        int have = _cellRows[cell].Count;
        if (have > 0) bigger.narrow(0, 0, have).copy_(storage.narrow(0, 0, have));
        storage.Dispose();
        _cellVectors[cell] = bigger;
    }

    /// <summary>The top-<paramref name="k"/> rows among the <see cref="NProbe"/> best cells of each query, best first.</summary>
    public IReadOnlyList<IReadOnlyList<IndexMatch>> Search(Tensor queries, int k) => Search(queries, k, NProbe);

    /// <summary>
    /// The top-<paramref name="k"/> rows by inner product among the <paramref name="nprobe"/> cells whose centroids are
    /// nearest each of the (Q, D) queries, best first; fewer than k when those cells hold fewer vectors.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<IndexMatch>> Search(Tensor queries, int k, int nprobe)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nprobe, 1);
        _guard.RequireRows(queries, nameof(queries));
        int q = (int)queries.shape[0];

        using var scope = NewDisposeScope();
        var all = queries.detach().to(ScalarType.Float32).cpu().contiguous();     // (Q, D)
        using var _ = _guard.Read();
        var results = new IReadOnlyList<IndexMatch>[q];
        if (_count == 0 || q == 0)
        {
            for (int i = 0; i < q; i++) results[i] = [];
            return results;
        }
        int cells = _cellRows.Length, probe = Math.Min(nprobe, cells);
        var visited = all.matmul(_centroids!.t()).topk(probe, dim: 1).indexes      // (Q, C) -> (Q, p)
            .contiguous().data<long>().ToArray();
        var parts = new List<Tensor>(probe);
        var offsets = new List<(int Start, List<int> Rows)>(probe);
        for (int i = 0; i < q; i++)
        {
            using var queryScope = NewDisposeScope();
            parts.Clear();
            offsets.Clear();
            int total = 0;
            var query = all[i];                                                    // (D)
            for (int j = 0; j < probe; j++)
            {
                int c = (int)visited[i * probe + j];
                int m = _cellRows[c].Count;
                if (m == 0) continue;
                parts.Add(_cellVectors[c].narrow(0, 0, m).matmul(query));            // (M_c, D) x (D) -> (M_c)
                offsets.Add((total, _cellRows[c]));
                total += m;
            }
            if (total == 0)
            {
                results[i] = [];
                continue;
            }
            var scores = parts.Count == 1 ? parts[0] : cat(parts, 0);              // (M): every visited vector's score
            var (values, local) = scores.topk(Math.Min(k, total), largest: true, sorted: true);
            var v = values.data<float>().ToArray();
            var idx = local.data<long>().ToArray();
            var matches = new IndexMatch[v.Length];
            for (int b = 0; b < v.Length; b++)
            {
                int at = (int)idx[b], part = offsets.Count - 1;
                while (offsets[part].Start > at) part--;
                int row = offsets[part].Rows[at - offsets[part].Start];
                matches[b] = new IndexMatch(row, v[b], _sentences[row]);
            }
            results[i] = matches;
        }
        return results;
    }

    /// <summary>A copy of the stored unit vectors in row order, (N, D) float32.</summary>
    public Tensor Vectors()
    {
        using var _ = _guard.Read();
        return VectorsInRowOrder();
    }

    /// <summary>A copy of the sentences, row order.</summary>
    public IReadOnlyList<string> Sentences
    {
        get
        {
            using var _ = _guard.Read();
            return _sentences.ToArray();
        }
    }

    Tensor VectorsInRowOrder()
    {
        var result = empty(_count, Dimension);
        using var scope = NewDisposeScope();
        for (int c = 0; c < _cellRows.Length; c++)
        {
            int m = _cellRows[c].Count;
            if (m == 0) continue;
            result.index_copy_(0, tensor(_cellRows[c].Select(r => (long)r).ToArray()), _cellVectors[c].narrow(0, 0, m));
        }
        return result;
    }

    /// <summary>Writes <c>vectors.safetensors</c>, <c>sentences.jsonl</c> and, last, <c>index.json</c>, each atomically.</summary>
    public void Save(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        using var _ = _guard.Read();
        using var scope = NewDisposeScope();
        Directory.CreateDirectory(directory);
        var centroids = _centroids ?? empty(0, Dimension);
        var assignments = tensor(_assignments.Select(c => (long)c).ToArray(), dtype: ScalarType.Int64);
        SafeTensors.Save(Path.Combine(directory, ExactInnerProductIndex.VectorsFileName),
        [
            KeyValuePair.Create(ExactInnerProductIndex.VectorsTensorName, VectorsInRowOrder()),
            KeyValuePair.Create(CentroidsTensorName, centroids),
            KeyValuePair.Create(AssignmentsTensorName, assignments),
        ]);
        SentenceLinesFile.Save(Path.Combine(directory, ExactInnerProductIndex.SentencesFileName), _sentences);
        new VectorIndexManifest(KindName, Dimension, _count, Model) { Cells = centroids.shape[0] > 0 ? (int)centroids.shape[0] : Options.Cells, NProbe = NProbe }
            .Save(directory);
    }

    /// <summary>Reads an index folder written by <see cref="Save"/>, checking that its files agree.</summary>
    /// <exception cref="ContrastiveException">A file is missing, corrupt or disagrees with <c>index.json</c>; the message names it.</exception>
    public static IvfIndex Load(string directory)
    {
        var manifest = VectorIndexManifest.Load(directory);
        var manifestPath = Path.Combine(directory, VectorIndexManifest.FileName);
        manifest.RequireKind(directory, KindName);
        if (manifest.Cells is not >= 1 || manifest.NProbe is not >= 1)
            throw new ContrastiveException($"{manifestPath}: an {KindName} index needs \"cells\" and \"nprobe\" of at least 1.");
        var vectorsPath = Path.Combine(directory, ExactInnerProductIndex.VectorsFileName);
        var sentencesPath = Path.Combine(directory, ExactInnerProductIndex.SentencesFileName);

        var tensors = SafeTensors.Load(vectorsPath);
        try
        {
            string[] expected = [ExactInnerProductIndex.VectorsTensorName, CentroidsTensorName, AssignmentsTensorName];
            if (tensors.Count != expected.Length || !expected.All(tensors.ContainsKey))
                throw new ContrastiveException($"{vectorsPath}: expected the tensors [{string.Join(", ", expected)}] but found [{string.Join(", ", tensors.Keys)}].");
            var vectors = tensors[ExactInnerProductIndex.VectorsTensorName];
            var centroids = tensors[CentroidsTensorName];
            var assignments = tensors[AssignmentsTensorName];
            int d = manifest.Dimension, n = manifest.Count;
            if (vectors.dtype != ScalarType.Float32 || centroids.dtype != ScalarType.Float32 || assignments.dtype != ScalarType.Int64)
                throw new ContrastiveException($"{vectorsPath}: vectors and centroids must be float32 and assignments int64.");
            if (vectors.dim() != 2 || vectors.shape[0] != n || vectors.shape[1] != d)
                throw new ContrastiveException(
                    $"{vectorsPath}: holds a [{string.Join(", ", vectors.shape)}] vectors tensor but {manifestPath} records {n} vectors of dimension {d}.");
            int cells = (int)centroids.shape[0];
            if (centroids.dim() != 2 || centroids.shape[1] != d || (n > 0 && cells < 1) || (n > 0 && cells > manifest.Cells))
                throw new ContrastiveException(
                    $"{vectorsPath}: holds a [{string.Join(", ", centroids.shape)}] centroids tensor, which does not fit {manifestPath} ({manifest.Cells} cells of dimension {d}).");
            if (assignments.dim() != 1 || assignments.shape[0] != n)
                throw new ContrastiveException($"{vectorsPath}: holds {assignments.shape[0]} assignments for {n} vectors.");
            var cellOf = assignments.data<long>().ToArray();
            int bad = Array.FindIndex(cellOf, c => c < 0 || c >= cells);
            if (bad >= 0)
                throw new ContrastiveException($"{vectorsPath}: row {bad} is assigned to cell {cellOf[bad]}, but there are {cells} cells.");
            IndexGuard.RequireUnitRows(vectors, vectorsPath, "vectors");
            IndexGuard.RequireUnitRows(centroids, vectorsPath, "centroids");
            var sentences = SentenceLinesFile.Load(sentencesPath);
            if (sentences.Count != n)
                throw new ContrastiveException($"{sentencesPath}: holds {sentences.Count} sentences but {manifestPath} records {n}.");

            var index = new IvfIndex(d, new IvfOptions { Cells = manifest.Cells.Value, NProbe = manifest.NProbe.Value }, manifest.Model);
            if (cells > 0)
            {
                index.SetCentroids(centroids.clone());
                index.AppendRows(vectors.contiguous(), cellOf, 0);
            }
            index._sentences.AddRange(sentences);
            index._count = n;
            return index;
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    public void Dispose() => _guard.Dispose(() =>
    {
        _centroids?.Dispose();
        foreach (var t in _cellVectors) t.Dispose();
    });
}

namespace Contrastive.Embeddings.Indexes;

/// <summary>
/// Settings of an <see cref="IvfIndex"/>. The defaults are the SimCSE tool's <c>faiss_fast</c> index
/// (<c>num_cells = 100</c>, <c>num_cells_in_search = 10</c>) and faiss's k-means (<c>ClusteringParameters</c>:
/// 25 iterations, at most 256 training points per centroid, seed 1234).
/// </summary>
public sealed record IvfOptions
{
    /// <summary>SimCSE's <c>num_cells</c>.</summary>
    public const int DefaultCells = 100;

    /// <summary>SimCSE's <c>num_cells_in_search</c>.</summary>
    public const int DefaultNProbe = 10;

    readonly int _cells = DefaultCells;
    readonly int _nprobe = DefaultNProbe;
    readonly int _iterations = 25;
    readonly int _maxTrainingPointsPerCell = 256;

    /// <summary>Number of k-means cells (inverted lists); the first <c>Add</c> trains min(Cells, n) of them, as SimCSE's
    /// <c>min(num_cells, len(sentences))</c>. At least 1.</summary>
    public int Cells
    {
        get => _cells;
        init => _cells = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Cells), value, $"Cells must be at least 1, not {value}.");
    }

    /// <summary>Cells searched per query (faiss's <c>nprobe</c>); searching every cell is exact. At least 1.</summary>
    public int NProbe
    {
        get => _nprobe;
        init => _nprobe = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(NProbe), value, $"NProbe must be at least 1, not {value}.");
    }

    /// <summary>Lloyd iterations of k-means. At least 1.</summary>
    public int Iterations
    {
        get => _iterations;
        init => _iterations = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(Iterations), value, $"Iterations must be at least 1, not {value}.");
    }

    /// <summary>k-means trains on a random sample of at most this many points per cell (faiss's
    /// <c>max_points_per_centroid</c>); every point is then assigned. At least 1.</summary>
    public int MaxTrainingPointsPerCell
    {
        get => _maxTrainingPointsPerCell;
        init => _maxTrainingPointsPerCell = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxTrainingPointsPerCell), value, $"MaxTrainingPointsPerCell must be at least 1, not {value}.");
    }

    /// <summary>Seed of the training sample and of the k-means++ initialisation.</summary>
    public int Seed { get; init; } = 1234;
}

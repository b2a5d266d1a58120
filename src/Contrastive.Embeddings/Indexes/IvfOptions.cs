using Contrastive.Core;

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

    /// <summary>faiss's <c>ClusteringParameters.niter</c>.</summary>
    public const int DefaultIterations = 25;

    /// <summary>faiss's <c>ClusteringParameters.max_points_per_centroid</c>.</summary>
    public const int DefaultMaxTrainingPointsPerCell = 256;

    /// <summary>faiss's <c>ClusteringParameters.seed</c>.</summary>
    public const int DefaultSeed = 1234;

    /// <summary>Number of k-means cells (inverted lists); the first <c>Add</c> trains min(Cells, n) of them, as SimCSE's
    /// <c>min(num_cells, len(sentences))</c>. At least 1.</summary>
    public int Cells { get; init; } = DefaultCells;

    /// <summary>Cells searched per query (faiss's <c>nprobe</c>); searching every cell is exact. At least 1.</summary>
    public int NProbe { get; init; } = DefaultNProbe;

    /// <summary>Lloyd iterations of k-means. At least 1.</summary>
    public int Iterations { get; init; } = DefaultIterations;

    /// <summary>k-means trains on a random sample of at most this many points per cell (faiss's
    /// <c>max_points_per_centroid</c>); every point is then assigned. At least 1.</summary>
    public int MaxTrainingPointsPerCell { get; init; } = DefaultMaxTrainingPointsPerCell;

    /// <summary>Seed of the training sample and of the k-means++ initialisation.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first value below 1.</summary>
    public IvfOptions Validate()
    {
        static void AtLeastOne(int value, string name)
        {
            if (value < 1) throw new ContrastiveException($"{name} must be at least 1, not {value}.");
        }
        AtLeastOne(Cells, nameof(Cells));
        AtLeastOne(NProbe, nameof(NProbe));
        AtLeastOne(Iterations, nameof(Iterations));
        AtLeastOne(MaxTrainingPointsPerCell, nameof(MaxTrainingPointsPerCell));
        return this;
    }
}

using static TorchSharp.torch;

namespace Contrastive.Embeddings.Indexes;

/// <summary>
/// Spherical k-means (Dhillon and Modha 2001) for the coarse quantizer of an <see cref="IvfIndex"/>: points and
/// centroids are unit vectors and a point belongs to the centroid with the largest inner product,
/// c(x) = argmax_j x · μ_j, so training and searching use the same similarity.
/// <para>Initialisation is greedy k-means++ (Arthur and Vassilvitskii 2007; scikit-learn's variant) with the distance
/// ‖x − μ‖² = 2 − 2 x · μ: 2 + ln k candidates are drawn with probability proportional to their squared distance to the
/// nearest chosen centroid, and the one that most lowers the total of those distances is kept. Each Lloyd
/// iteration assigns every point, sets μ_j = normalize(Σ_{c(x)=j} x), and gives an empty cell the point farthest from
/// its own centroid (as faiss splits a big cell instead of leaving one empty).</para>
/// </summary>
public static class SphericalKMeans
{
    /// <summary>Points scored per matrix product during assignment.</summary>
    public const int AssignBatchRows = 65_536;

    /// <summary>Trains <paramref name="k"/> unit centroids on <paramref name="points"/>.</summary>
    /// <param name="points">(N, D) unit vectors, N ≥ k.</param>
    /// <param name="random">The only source of randomness (k-means++ draws).</param>
    /// <returns>(k, D) float32 unit centroids.</returns>
    public static Tensor Fit(Tensor points, int k, int iterations, Random random)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(random);
        int n = (int)points.shape[0];
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the number of points ({n}).");
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        using var scope = NewDisposeScope();
        var x = points.to(ScalarType.Float32);                                     // (N, D)
        var centroids = PlusPlusInit(x, k, random);                                // (k, D)
        for (int it = 0; it < iterations; it++)
        {
            using var iterScope = NewDisposeScope();
            var (assign, best) = AssignWithScores(x, centroids);                   // (N), (N)
            var sums = zeros(k, x.shape[1]).index_add_(0, assign, x, 1);              // (k, D)
            var counts = bincount(assign, minlength: k);                           // (k)
            var next = nn.functional.normalize(sums, p: 2, dim: 1);
            var empty = counts.eq(0).nonzero().flatten().data<long>().ToArray();
            if (empty.Length > 0)
            {
                // Farthest points (lowest similarity to their centroid) restart the empty cells.
                var far = best.topk(Math.Min(empty.Length, n), largest: false).indexes.data<long>().ToArray();
                for (int e = 0; e < empty.Length && e < far.Length; e++) next[empty[e]].copy_(x[far[e]]);
            }
            centroids = next.MoveToOuterDisposeScope();
        }
        return centroids.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The cell of each point: argmax_j x · μ_j, in batches of <see cref="AssignBatchRows"/>. (N) int64.</summary>
    public static Tensor Assign(Tensor points, Tensor centroids) => AssignWithScores(points, centroids).Cells;

    static (Tensor Cells, Tensor Scores) AssignWithScores(Tensor points, Tensor centroids)
    {
        int n = (int)points.shape[0];
        var cells = empty(n, dtype: ScalarType.Int64);
        var scores = empty(n);
        for (int start = 0; start < n; start += AssignBatchRows)
        {
            using var scope = NewDisposeScope();
            int rows = Math.Min(AssignBatchRows, n - start);
            var (best, arg) = points.narrow(0, start, rows).matmul(centroids.t()).max(1);   // (b, k) -> (b), (b)
            cells.narrow(0, start, rows).copy_(arg);
            scores.narrow(0, start, rows).copy_(best);
        }
        return (cells, scores);
    }

    static Tensor PlusPlusInit(Tensor x, int k, Random random)
    {
        int n = (int)x.shape[0];
        int trials = 2 + (int)Math.Log(k);                                       // scikit-learn's n_local_trials
        var chosen = new long[k];
        chosen[0] = random.Next(n);
        using var scope = NewDisposeScope();
        var minDist = (2 - 2 * x.matmul(x[chosen[0]])).clamp_min(0);                // (N) squared distance to nearest
        for (int c = 1; c < k; c++)
        {
            using var stepScope = NewDisposeScope();
            var d = minDist.to(ScalarType.Float64).data<double>().ToArray();
            var cumulative = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) cumulative[i] = total += d[i];
            var candidates = new long[trials];
            for (int t = 0; t < trials; t++)
            {
                if (total <= 0) { candidates[t] = random.Next(n); continue; }   // every point sits on a centroid
                int pick = Array.BinarySearch(cumulative, random.NextDouble() * total);
                candidates[t] = Math.Min(pick < 0 ? ~pick : pick, n - 1);
            }
            // Greedy k-means++: of the drawn candidates keep the one that lowers Σ min-distance most.
            var candDist = (2 - 2 * x.matmul(x.index_select(0, tensor(candidates)).t())).clamp_min(0);   // (N, L)
            var potentials = minimum(candDist, minDist.unsqueeze(1)).sum(0);                            // (L)
            int best = (int)potentials.argmin().item<long>();
            chosen[c] = candidates[best];
            minDist.copy_(minimum(minDist, candDist.select(1, best)));
        }
        return x.index_select(0, tensor(chosen)).clone().MoveToOuterDisposeScope();
    }
}

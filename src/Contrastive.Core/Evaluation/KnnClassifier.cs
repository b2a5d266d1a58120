using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Evaluation;

/// <summary>
/// Weighted k-nearest-neighbour classifier on frozen features (Wu et al. 2018, "Unsupervised Feature Learning via
/// Non-Parametric Instance Discrimination", arXiv:1805.01978, §3.4; the MoCo CIFAR demo and lightly's benchmarks):
/// features are l2-normalised, the k training features with the largest cosine similarity s_i to a query vote for
/// their class with weight exp(s_i / T), and the class with the largest total wins.
/// </summary>
public sealed class KnnClassifier
{
    readonly Tensor _bank;     // (N, D) unit rows
    readonly Tensor _labels;   // (N) int64

    /// <summary>k, InstDisc's 200.</summary>
    public int K { get; }

    /// <summary>T, InstDisc's 0.1.</summary>
    public double Temperature { get; }

    /// <summary>Number of classes C (labels are in [0, C)).</summary>
    public int NumClasses { get; }

    /// <param name="features">(N, D) training features (the memory bank).</param>
    /// <param name="labels">(N) integer labels in [0, <paramref name="numClasses"/>).</param>
    public KnnClassifier(Tensor features, Tensor labels, int numClasses, int k = 200, double temperature = 0.1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.ndim != 2 || features.shape[0] < 1)
            throw new ArgumentException($"The features must be (N, D) with N at least 1, but they have shape [{string.Join(", ", features.shape)}].", nameof(features));
        if (labels.ndim != 1 || labels.shape[0] != features.shape[0])
            throw new ArgumentException($"The labels must be (N) = ({features.shape[0]}), but they have shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"The number of classes must be positive, but it is {numClasses}.");
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be at least 1, but it is {k}.");
        TemperatureGuard.RequirePositive(temperature, nameof(temperature));
        using var noGrad = no_grad();
        var l = labels.to_type(ScalarType.Int64);
        long min = l.min().item<long>(), max = l.max().item<long>();
        if (min < 0 || max >= numClasses)
            throw new ArgumentException($"The labels must be in [0, {numClasses}), but they range over [{min}, {max}].", nameof(labels));
        _bank = nn.functional.normalize(features.detach().to_type(ScalarType.Float32), p: 2, dim: 1);
        _labels = l;
        K = (int)Math.Min(k, features.shape[0]);
        Temperature = temperature;
        NumClasses = numClasses;
    }

    /// <summary>Predicted classes of <paramref name="queries"/> (M, D), computed in chunks of <paramref name="chunk"/> rows.</summary>
    /// <returns>(M) int64.</returns>
    public Tensor Predict(Tensor queries, int chunk = 1024)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.ndim != 2 || queries.shape[1] != _bank.shape[1])
            throw new ArgumentException($"The queries must be (M, {_bank.shape[1]}), but they have shape [{string.Join(", ", queries.shape)}].", nameof(queries));
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < queries.shape[0]; start += chunk)
        {
            using var scope = NewDisposeScope();
            long m = Math.Min(chunk, queries.shape[0] - start);
            var q = nn.functional.normalize(queries.narrow(0, start, m).detach().to_type(ScalarType.Float32), p: 2, dim: 1); // (m, D)
            var sim = q.mm(_bank.t());                                                        // (m, N)
            var (topSim, topIndex) = sim.topk(K, dim: 1);                                     // (m, k)
            // exp((s_i - s_max)/T): the common factor exp(s_max/T) changes no vote, and float32 cannot hold exp(1/T) for T < 0.012.
            var weights = ((topSim - topSim.narrow(1, 0, 1)) / Temperature).exp();            // (m, k)
            var neighbourLabels = _labels.index_select(0, topIndex.flatten()).view(m, K);    // (m, k)
            var scores = zeros([m, NumClasses], ScalarType.Float32).scatter_add_(1, neighbourLabels, weights); // (m, C)
            parts.Add(scores.argmax(1).MoveToOuterDisposeScope());
        }
        var result = cat(parts, 0);
        foreach (var p in parts) p.Dispose();
        return result;
    }

    /// <summary>Fraction of <paramref name="queries"/> whose prediction equals <paramref name="labels"/> (M).</summary>
    public double Accuracy(Tensor queries, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        var predicted = Predict(queries);
        if (labels.ndim != 1 || labels.shape[0] != predicted.shape[0])
            throw new ArgumentException($"The labels must be (M) = ({predicted.shape[0]}), but they have shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        return predicted.eq(labels.to_type(ScalarType.Int64)).to_type(ScalarType.Float64).mean().item<double>();
    }
}

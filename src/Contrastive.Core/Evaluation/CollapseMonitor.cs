using static TorchSharp.torch;

namespace Contrastive.Core.Evaluation;

/// <summary>
/// The collapse monitor of SimSiam (Chen and He 2021, arXiv:2011.10566, §4.1 and Figure 2): the standard deviation of
/// the l2-normalised outputs z/‖z‖, per channel over the batch, averaged over the channels. A collapsed encoder
/// (every input mapped to one vector) gives 0; outputs spread like a zero-mean isotropic Gaussian give about 1/√d.
/// </summary>
public static class CollapseMonitor
{
    /// <summary>mean_j std_i (z_i / ‖z_i‖)_j over the rows i of <paramref name="z"/> (N, D), N ≥ 2 (population std).</summary>
    public static double NormalizedStd(Tensor z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.ndim != 2 || z.shape[0] < 2 || z.shape[1] < 1)
            throw new ArgumentException($"The outputs must be (N, D) with N at least 2, but they have shape [{string.Join(", ", z.shape)}].", nameof(z));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var unit = nn.functional.normalize(z.detach().to_type(ScalarType.Float64), p: 2, dim: 1);   // (N, D)
        return unit.std(0, unbiased: false).mean().item<double>();
    }

    /// <summary>1/√d, the value for outputs spread uniformly on the sphere.</summary>
    public static double UniformBaseline(int dim) =>
        dim >= 1 ? 1.0 / Math.Sqrt(dim) : throw new ArgumentOutOfRangeException(nameof(dim), dim, $"The width must be positive, but it is {dim}.");

    /// <summary><see cref="NormalizedStd"/> divided by 1/√d: about 1 for well spread outputs, 0 at collapse.</summary>
    public static double RelativeStd(Tensor z) => NormalizedStd(z) / UniformBaseline((int)z.shape[1]);
}

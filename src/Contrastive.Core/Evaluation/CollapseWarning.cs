using static TorchSharp.torch;

namespace Contrastive.Core.Evaluation;

/// <summary>
/// The warning printed during training when the embeddings collapse: <see cref="CollapseMonitor.RelativeStd"/> (the
/// std of the l2-normalised embeddings per channel, divided by the 1/√d of outputs spread over the sphere) below
/// <see cref="Threshold"/>. Anisotropic but healthy encoders (BERT's average cosine between random sentences is near
/// 0.9) stay around 0.3; a collapsed one (alignment and uniformity near 0) falls to about 0.003.
/// </summary>
public static class CollapseWarning
{
    /// <summary>The relative std below which the embeddings are reported as collapsing.</summary>
    public const double Threshold = 0.05;

    /// <summary>The metric name under which training logs the relative std.</summary>
    public const string Metric = "relative_std";

    /// <summary>The warning for a relative std of <paramref name="relativeStd"/> with width <paramref name="dim"/>,
    /// or null when it is at or above <see cref="Threshold"/>.</summary>
    public static string? For(double relativeStd, int dim)
    {
        if (!(relativeStd < Threshold)) return null;
        double baseline = CollapseMonitor.UniformBaseline(dim);
        return
            $"warning: the embeddings are collapsing: their std per dimension is {MetricText.Format(relativeStd * baseline)}, " +
            $"{MetricText.Format(relativeStd)} x 1/sqrt({dim}) = {MetricText.Format(baseline)}; every input is mapped to nearly the same vector " +
            "(lower the learning rate, raise the batch size or check the data).";
    }

    /// <summary><see cref="For(double, int)"/> of embeddings <paramref name="z"/> (N, D), N ≥ 2.</summary>
    public static string? For(Tensor z) => For(CollapseMonitor.RelativeStd(z), (int)z.shape[1]);
}

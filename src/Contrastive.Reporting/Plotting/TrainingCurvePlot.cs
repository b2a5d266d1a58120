using ScottPlot;

namespace Contrastive.Reporting.Plotting;

/// <summary>
/// PNG of a training run: the training loss against the step on the left axis and an evaluation metric (for example
/// the STS-B dev Spearman correlation) against the step on a right axis, so that both scales stay readable.
/// <para>Points whose value is not finite are left out (a diverged run still plots up to the divergence). Either
/// series may be empty. The file is written atomically (temporary file, then rename). Rendering needs no installed
/// font: without one, ScottPlot draws the lines and leaves the text blank.</para>
/// </summary>
public static class TrainingCurvePlot
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 540;

    /// <param name="pngPath">Output file; its folder is created when missing.</param>
    /// <param name="loss">(step, training loss) points, in any order (drawn sorted by step).</param>
    /// <param name="metric">(step, metric value) points, in any order (drawn sorted by step).</param>
    /// <param name="metricName">Label of the right axis and legend entry, e.g. "STS-B dev Spearman".</param>
    /// <param name="title">Title above the plot.</param>
    /// <param name="width">Image width in pixels, at least 100.</param>
    /// <param name="height">Image height in pixels, at least 100.</param>
    public static void Save(string pngPath, IReadOnlyList<(int Step, double Loss)> loss,
        IReadOnlyList<(int Step, double Value)> metric, string metricName, string title,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(metricName);
        ArgumentNullException.ThrowIfNull(title);
        PlotImage.RequireSize(width, height);

        var plot = PlotImage.Create(title);
        plot.Axes.Bottom.Label.Text = "step";
        plot.Axes.Left.Label.Text = "training loss";
        plot.Axes.Right.Label.Text = metricName;

        var (lossSteps, lossValues) = Finite(loss.Select(p => (p.Step, p.Loss)));
        var lossLine = plot.Add.ScatterLine(lossSteps, lossValues, Colors.C0);
        lossLine.LegendText = "training loss";
        lossLine.LineWidth = 1.5f;
        lossLine.Axes.YAxis = plot.Axes.Left;

        var (metricSteps, metricValues) = Finite(metric.Select(p => (p.Step, p.Value)));
        var metricLine = plot.Add.Scatter(metricSteps, metricValues, Colors.C1);
        metricLine.LegendText = metricName;
        metricLine.LineWidth = 2;
        metricLine.MarkerSize = 6;
        metricLine.Axes.YAxis = plot.Axes.Right;

        plot.ShowLegend(Alignment.UpperCenter);
        PlotImage.SavePng(plot, pngPath, width, height);
    }

    /// <summary>Finite points sorted by step, as the parallel arrays ScottPlot takes.</summary>
    static (double[] Steps, double[] Values) Finite(IEnumerable<(int Step, double Value)> points)
    {
        var kept = points.Where(p => double.IsFinite(p.Value)).OrderBy(p => p.Step).ToArray();
        return (kept.Select(p => (double)p.Step).ToArray(), kept.Select(p => p.Value).ToArray());
    }
}

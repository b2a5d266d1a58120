using ScottPlot;

namespace Contrastive.Reporting.Plotting;

/// <summary>
/// PNG of several named series on shared axes (for example a metric against the temperature, one line per method),
/// with optional custom x ticks (to label a log-scaled axis with the original values) and y limits. Written
/// atomically; rendering needs no installed font (the text is then blank).
/// </summary>
public static class LineSeriesPlot
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 540;

    /// <param name="pngPath">Output file; its folder is created when missing.</param>
    /// <param name="title">Title above the plot.</param>
    /// <param name="xLabel">Bottom axis label.</param>
    /// <param name="yLabel">Left axis label.</param>
    /// <param name="series">The series, drawn in order with ScottPlot's palette.</param>
    /// <param name="xTicks">Tick positions and their labels, or null for automatic ticks.</param>
    /// <param name="yLimits">(bottom, top) of the y axis, or null to fit the data.</param>
    /// <param name="legend">Corner of the legend.</param>
    /// <param name="width">Image width in pixels, at least 100.</param>
    /// <param name="height">Image height in pixels, at least 100.</param>
    public static void Save(string pngPath, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series,
        IReadOnlyList<(double Position, string Label)>? xTicks = null, (double Bottom, double Top)? yLimits = null,
        Alignment legend = Alignment.UpperRight, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        ArgumentNullException.ThrowIfNull(series);
        PlotImage.RequireSize(width, height);
        var plot = PlotImage.Create(title);
        plot.Axes.Bottom.Label.Text = xLabel;
        plot.Axes.Left.Label.Text = yLabel;
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"Series '{s.Label}' has {s.X.Count} x values and {s.Y.Count} y values.", nameof(series));
            var kept = s.X.Zip(s.Y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToArray();
            var scatter = plot.Add.Scatter(kept.Select(p => p.First).ToArray(), kept.Select(p => p.Second).ToArray(),
                                           plot.Add.Palette.GetColor(i));
            scatter.LegendText = s.Label;
            scatter.LineWidth = s.MarkersOnly ? 0 : 2;
            scatter.MarkerSize = s.MarkersOnly ? 11 : s.X.Count > 50 ? 0 : 5;
        }
        if (xTicks is not null)
            plot.Axes.Bottom.SetTicks(xTicks.Select(t => t.Position).ToArray(), xTicks.Select(t => t.Label).ToArray());
        if (yLimits is { } y) plot.Axes.SetLimitsY(y.Bottom, y.Top);
        plot.ShowLegend(legend);
        PlotImage.SavePng(plot, pngPath, width, height);
    }
}

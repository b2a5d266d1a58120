using ScottPlot;

namespace Contrastive.Reporting.Plotting;

/// <summary>
/// PNG of the alignment–uniformity trajectory of a training run, as Figure 2 of SimCSE (Gao, Yao, Chen, EMNLP 2021,
/// arXiv:2104.08821): x = ℓ_uniform, y = ℓ_align (Wang and Isola, arXiv:2005.10242; lower is better for both), one
/// point per evaluation, an arrow from each point to the next in training order, each point labelled with its step.
/// Points are coloured from dark (first) to light (last) along the viridis colormap.
/// <para>Points with a non-finite coordinate are left out. The file is written atomically (temporary file, then
/// rename). Rendering needs no installed font: without one, ScottPlot draws the points and arrows and leaves the text
/// blank.</para>
/// </summary>
public static class AlignmentUniformityPlot
{
    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 700;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 600;

    /// <param name="pngPath">Output file; its folder is created when missing.</param>
    /// <param name="points">(step, ℓ_align, ℓ_uniform) per evaluation, in any order (drawn sorted by step).</param>
    /// <param name="title">Title above the plot.</param>
    /// <param name="width">Image width in pixels, at least 100.</param>
    /// <param name="height">Image height in pixels, at least 100.</param>
    public static void Save(string pngPath, IReadOnlyList<(int Step, double Alignment, double Uniformity)> points,
        string title, int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(title);
        PlotImage.RequireSize(width, height);

        var kept = points.Where(p => double.IsFinite(p.Alignment) && double.IsFinite(p.Uniformity))
                         .OrderBy(p => p.Step).ToArray();

        var plot = PlotImage.Create(title);
        plot.Axes.Bottom.Label.Text = "uniformity (lower is better)";
        plot.Axes.Left.Label.Text = "alignment (lower is better)";

        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int i = 0; i + 1 < kept.Length; i++)
        {
            var arrow = plot.Add.Arrow(new Coordinates(kept[i].Uniformity, kept[i].Alignment),
                                       new Coordinates(kept[i + 1].Uniformity, kept[i + 1].Alignment));
            arrow.ArrowLineWidth = 0;
            arrow.ArrowFillColor = Colors.Gray.WithAlpha(0.6);
            arrow.ArrowheadWidth = 10;
            arrow.ArrowheadLength = 12;
            arrow.ArrowWidth = 2;
            arrow.ArrowOffset = 7;
        }
        for (int i = 0; i < kept.Length; i++)
        {
            var color = colormap.GetColor(kept.Length == 1 ? 0 : 0.85 * i / (kept.Length - 1));
            plot.Add.Marker(kept[i].Uniformity, kept[i].Alignment, MarkerShape.FilledCircle, 9, color);
            var label = plot.Add.Text(kept[i].Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
                                      kept[i].Uniformity, kept[i].Alignment);
            label.LabelFontName = PlotImage.FontName;
            label.LabelFontSize = 11;
            label.LabelFontColor = Colors.Black;
            label.LabelAlignment = Alignment.LowerLeft;
            label.OffsetX = 6;
            label.OffsetY = -6;
        }
        if (kept.Length > 0)
        {
            // Explicit limits with 15 % padding leave room for the step labels beside the outer points.
            var (xMin, xMax) = Padded(kept.Min(p => p.Uniformity), kept.Max(p => p.Uniformity));
            var (yMin, yMax) = Padded(kept.Min(p => p.Alignment), kept.Max(p => p.Alignment));
            plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        }
        PlotImage.SavePng(plot, pngPath, width, height);
    }

    /// <summary>[min, max] widened by 15 % of its span on each side; a zero span counts as |min| (or 1 when min is 0).</summary>
    static (double Min, double Max) Padded(double min, double max)
    {
        double span = max - min;
        if (span == 0) span = min == 0 ? 1 : Math.Abs(min);
        return (min - 0.15 * span, max + 0.15 * span);
    }
}

namespace Contrastive.Reporting.Plotting;

/// <summary>One named series of <see cref="LineSeriesPlot"/>: parallel x and y values, drawn in the given order.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="X">x values.</param>
/// <param name="Y">y values, as many as <paramref name="X"/>; points with a non-finite coordinate are left out.</param>
/// <param name="MarkersOnly">Draw markers without connecting lines (a single comparison point, for example).</param>
public sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool MarkersOnly = false);

using Contrastive.Core;
using Contrastive.Core.Serialization;
using ScottPlot;

namespace Contrastive.Reporting.Plotting;

/// <summary>
/// Creates ScottPlot <see cref="Plot"/>s with a readable font and renders them to PNG files atomically (temporary
/// file, then rename).
/// <para>Fonts: ScottPlot 5 uses SkiaSharp's default typeface, which on Linux (SkiaSharp's NoDependencies build scans
/// /usr/share/fonts) is the first family found, often a serif. A common sans-serif family is preferred when installed.
/// With no font installed at all, rendering still succeeds and the text is left blank; a caller that ships a font
/// can register it with <c>ScottPlot.Fonts.AddFontFile</c> and set <c>ScottPlot.Fonts.Default</c>.</para>
/// </summary>
internal static class PlotImage
{
    static readonly string[] PreferredSansFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica"];

    /// <summary>The first installed family of <see cref="PreferredSansFonts"/>, or null.</summary>
    static readonly Lazy<string?> PreferredSansFont = new(() =>
    {
        var installed = new HashSet<string>(SkiaSharp.SKFontManager.Default.FontFamilies, StringComparer.OrdinalIgnoreCase);
        return PreferredSansFonts.FirstOrDefault(installed.Contains);
    });

    /// <summary>Smallest accepted width and height, in pixels.</summary>
    public const int MinSize = 100;

    /// <summary>Largest accepted width and height, in pixels.</summary>
    public const int MaxSize = 10_000;

    public static void RequireSize(int width, int height)
    {
        if (width is < MinSize or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"The plot width must be between {MinSize} and {MaxSize} pixels, but it is {width}.");
        if (height is < MinSize or > MaxSize)
            throw new ArgumentOutOfRangeException(nameof(height), height, $"The plot height must be between {MinSize} and {MaxSize} pixels, but it is {height}.");
    }

    /// <summary>The font every text of the plots uses: a preferred sans-serif family, else ScottPlot's default.</summary>
    public static string FontName => PreferredSansFont.Value ?? Fonts.Default;

    /// <summary>An empty plot with the title.</summary>
    public static Plot Create(string title)
    {
        var plot = new Plot();
        plot.Title(title);
        return plot;
    }

    /// <summary>Renders with <see cref="FontName"/> (applied to the axes, title and legend).</summary>
    public static void SavePng(Plot plot, string pngPath, int width, int height)
    {
        plot.Font.Set(FontName);
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        try
        {
            AtomicFile.WriteAllBytes(pngPath, png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"{pngPath}: the plot cannot be written: {e.Message}", e);
        }
    }
}

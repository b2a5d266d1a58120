using Contrastive.Reporting.Plotting;

namespace Contrastive.Reporting.Tests.Plotting;

public class AlignmentUniformityPlotTests
{
    // A SimCSE-like trajectory: uniformity falls from about -1.5 to -2.6 while alignment first drops, then rises.
    static readonly List<(int Step, double Alignment, double Uniformity)> Trajectory =
    [
        (0, 0.12, -1.5), (10, 0.10, -1.9), (20, 0.13, -2.2), (30, 0.16, -2.4), (40, 0.18, -2.5), (50, 0.19, -2.6),
    ];

    [Fact]
    public void Save_WritesAPngOfTheRequestedSizeWithTheFirstPointDrawn()
    {
        using var dir = new TempDir();
        var path = dir.File("align-uniform.png");
        AlignmentUniformityPlot.Save(path, Trajectory, "unsup-SimCSE");

        using var png = PngAssert.ValidPng(path, AlignmentUniformityPlot.DefaultWidth, AlignmentUniformityPlot.DefaultHeight);
        // The first point is drawn in viridis(0) = #440154, a colour nothing else in the plot uses.
        Assert.True(PngAssert.CountPixels(png, 0x44, 0x01, 0x54, tolerance: 12) > 20, "the first point is not drawn");
        PngAssert.NoTemporaryFiles(dir.Path);
    }

    [Fact]
    public void Save_PointsOutOfOrder_DrawsTheSameImageAsSorted()
    {
        using var dir = new TempDir();
        AlignmentUniformityPlot.Save(dir.File("sorted.png"), Trajectory, "t", 300, 250);
        AlignmentUniformityPlot.Save(dir.File("shuffled.png"), Trajectory.AsEnumerable().Reverse().ToList(), "t", 300, 250);
        using var sorted = PngAssert.ValidPng(dir.File("sorted.png"), 300, 250);
        using var shuffled = PngAssert.ValidPng(dir.File("shuffled.png"), 300, 250);
        Assert.Equal(sorted.Bytes, shuffled.Bytes);
    }

    [Fact]
    public void Save_SinglePointOrNone_StillWritesAPlot()
    {
        using var dir = new TempDir();
        AlignmentUniformityPlot.Save(dir.File("one.png"), [(0, 0.2, -1.0)], "one");
        AlignmentUniformityPlot.Save(dir.File("none.png"), [], "none");
        using var one = PngAssert.ValidPng(dir.File("one.png"), AlignmentUniformityPlot.DefaultWidth, AlignmentUniformityPlot.DefaultHeight);
        using var none = PngAssert.ValidPng(dir.File("none.png"), AlignmentUniformityPlot.DefaultWidth, AlignmentUniformityPlot.DefaultHeight);
    }

    [Fact]
    public void Save_TooLargeHeight_ThrowsNamingTheValue()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            AlignmentUniformityPlot.Save(dir.File("x.png"), Trajectory, "t", height: 20_000));
        Assert.Contains("20000", e.Message);
    }
}

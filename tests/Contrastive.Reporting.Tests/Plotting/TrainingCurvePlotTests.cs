using Contrastive.Reporting.Plotting;

namespace Contrastive.Reporting.Tests.Plotting;

public class TrainingCurvePlotTests
{
    static List<(int Step, double Loss)> Loss(int n) =>
        Enumerable.Range(0, n).Select(i => (i * 10, 3.0 * Math.Exp(-i / 20.0) + 0.1 * Math.Sin(i))).ToList();

    static List<(int Step, double Value)> Metric(int n) =>
        Enumerable.Range(1, n).Select(i => (i * 125, 0.5 + 0.3 * (1 - Math.Exp(-i / 3.0)))).ToList();

    [Fact]
    public void Save_WritesAPngOfTheRequestedSizeWithBothSeriesDrawn()
    {
        using var dir = new TempDir();
        var path = dir.File("curve.png");
        TrainingCurvePlot.Save(path, Loss(100), Metric(8), "STS-B dev Spearman", "unsup-SimCSE BERT-base");

        using var png = PngAssert.ValidPng(path, TrainingCurvePlot.DefaultWidth, TrainingCurvePlot.DefaultHeight);
        // ScottPlot's category-10 palette: C0 = #1f77b4 (loss), C1 = #ff7f0e (metric).
        Assert.True(PngAssert.CountPixels(png, 0x1f, 0x77, 0xb4) > 300, "the loss line is not drawn");
        Assert.True(PngAssert.CountPixels(png, 0xff, 0x7f, 0x0e) > 200, "the metric line is not drawn");
        PngAssert.NoTemporaryFiles(dir.Path);
    }

    [Fact]
    public void Save_CustomSize_IsHonoured()
    {
        using var dir = new TempDir();
        var path = dir.File("sub/folder/curve.png");
        TrainingCurvePlot.Save(path, Loss(10), Metric(2), "accuracy", "t", width: 320, height: 200);
        using var png = PngAssert.ValidPng(path, 320, 200);
    }

    [Fact]
    public void Save_EmptySeriesAndNonFiniteValues_StillWritesAPlot()
    {
        using var dir = new TempDir();
        var path = dir.File("curve.png");
        var loss = Loss(20);
        loss.Add((200, double.NaN));
        loss.Add((210, double.PositiveInfinity));
        TrainingCurvePlot.Save(path, loss, [], "Spearman", "diverged");
        using var png = PngAssert.ValidPng(path, TrainingCurvePlot.DefaultWidth, TrainingCurvePlot.DefaultHeight);
        Assert.True(PngAssert.CountPixels(png, 0x1f, 0x77, 0xb4) > 100, "the finite part of the loss is not drawn");
    }

    [Fact]
    public void Save_OverExistingFile_ReplacesIt()
    {
        using var dir = new TempDir();
        var path = dir.File("curve.png");
        File.WriteAllText(path, "old");
        TrainingCurvePlot.Save(path, Loss(5), Metric(1), "m", "t");
        using var png = PngAssert.ValidPng(path, TrainingCurvePlot.DefaultWidth, TrainingCurvePlot.DefaultHeight);
        PngAssert.NoTemporaryFiles(dir.Path);
    }

    [Fact]
    public void Save_TooSmallWidth_ThrowsNamingTheValue()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TrainingCurvePlot.Save(dir.File("x.png"), Loss(5), Metric(1), "m", "t", width: 10));
        Assert.Contains("10", e.Message);
        Assert.False(File.Exists(dir.File("x.png")));
    }
}

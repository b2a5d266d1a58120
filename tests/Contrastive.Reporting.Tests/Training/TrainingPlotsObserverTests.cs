using Contrastive.Core.Training;
using Contrastive.Reporting.Plotting;
using Contrastive.Reporting.Tests.Plotting;
using Contrastive.Reporting.Training;

namespace Contrastive.Reporting.Tests.Training;

public sealed class TrainingPlotsObserverTests
{
    static List<LossRecord> Losses(int steps) => Enumerable.Range(1, steps).Select(s => new LossRecord(s, 2.0 / s, 1e-3)).ToList();

    [Fact]
    public void OnHistory_EvaluationsWithAlignmentAndUniformity_WritesBothPlots()
    {
        using var dir = new TempDir();
        var evaluations = Enumerable.Range(1, 4).Select(i => new EvaluationRecord(5 * i, new Dictionary<string, double>
        {
            ["score"] = i, ["alignment"] = 1.0 / i, ["uniformity"] = -i,
        })).ToList();
        ITrainingObserver observer = new TrainingPlotsObserver();

        observer.OnHistory(new TrainingHistory(dir.Path, Losses(20), evaluations, "score"));

        foreach (var name in new[] { TrainingPlotsObserver.CurveFileName, TrainingPlotsObserver.AlignmentUniformityFileName })
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir.Path, name));
            Assert.True(bytes.Length > 1000, $"{name} is only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
    }

    [Fact]
    public void OnTrainingEnd_WithoutEvaluation_WritesOnlyTheLossCurve()
    {
        using var dir = new TempDir();
        ITrainingObserver observer = new TrainingPlotsObserver();

        observer.OnTrainingEnd(new TrainingHistory(dir.Path, Losses(20), [], null));

        Assert.Equal([TrainingPlotsObserver.CurveFileName], Directory.EnumerateFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void OnTrainingEnd_NoStep_WritesNothing()
    {
        using var dir = new TempDir();
        new TrainingPlotsObserver().OnTrainingEnd(new TrainingHistory(dir.Path, [], [], null));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void CollapsePlot_OnTrainingEndWithCollapseMetric_WritesThePlot()
    {
        using var dir = new TempDir();
        var evaluations = new[] { 10, 20 }.Select(s => new EvaluationRecord(s, new Dictionary<string, double>
        {
            ["collapse_std"] = 0.1 * s / 20, ["collapse_baseline"] = 0.125,
        })).ToList();
        ITrainingObserver observer = new CollapsePlotObserver();

        observer.OnHistory(new TrainingHistory(dir.Path, Losses(20), evaluations, null));
        Assert.Empty(Directory.EnumerateFiles(dir.Path));   // only at the end of training
        observer.OnTrainingEnd(new TrainingHistory(dir.Path, Losses(20), evaluations, null));

        using var png = PngAssert.ValidPng(Path.Combine(dir.Path, CollapsePlotObserver.FileName),
            TrainingCurvePlot.DefaultWidth, TrainingCurvePlot.DefaultHeight);
    }

    [Fact]
    public void CollapsePlot_NoCollapseMetric_WritesNothing()
    {
        using var dir = new TempDir();
        var evaluations = new List<EvaluationRecord> { new(10, new Dictionary<string, double> { ["knn_acc"] = 0.5 }) };
        new CollapsePlotObserver().OnTrainingEnd(new TrainingHistory(dir.Path, Losses(20), evaluations, null));
        Assert.Empty(Directory.EnumerateFiles(dir.Path));
    }
}

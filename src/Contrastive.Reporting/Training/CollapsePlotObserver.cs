using Contrastive.Core.Training;
using Contrastive.Reporting.Plotting;

namespace Contrastive.Reporting.Training;

/// <summary>
/// <c>collapse_monitor.png</c>, written when training ends: the training loss and the collapse monitor
/// (<c>collapse_std</c>, the mean std of the l2-normalised outputs; <see cref="Core.Evaluation.CollapseMonitor"/>)
/// against the step, the title quoting the last evaluation's <c>collapse_baseline</c> (1/√d). Nothing is written when
/// no evaluation reported <c>collapse_std</c>.
/// </summary>
public sealed class CollapsePlotObserver : ITrainingObserver
{
    public const string FileName = "collapse_monitor.png";

    public void OnTrainingEnd(TrainingHistory history) => Write(history);

    public static void Write(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var points = history.Evaluations.Where(e => e.Metrics.ContainsKey("collapse_std")).Select(e => (e.Step, e.Metrics["collapse_std"])).ToList();
        if (points.Count == 0 || history.Losses.Count == 0) return;
        double baseline = history.Evaluations[^1].Metrics.GetValueOrDefault("collapse_baseline");
        TrainingCurvePlot.Save(Path.Combine(history.OutputDir, FileName), history.Losses.Select(l => (l.Step, l.Loss)).ToList(), points,
                               "std of l2-normalised outputs", $"Collapse monitor (1/sqrt(d) = {baseline:F4})");
    }
}

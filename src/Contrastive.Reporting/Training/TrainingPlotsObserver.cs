using Contrastive.Core.Training;
using Contrastive.Reporting.Plotting;

namespace Contrastive.Reporting.Training;

/// <summary>
/// The pictures a training run leaves next to its models, redrawn after each evaluation and at the end of training:
/// <c>training_curve.png</c> (loss and the evaluation metric against the step) and, when the evaluations report
/// <c>alignment</c> and <c>uniformity</c>, <c>alignment_uniformity.png</c> (the SimCSE paper's Figure 2, one point per
/// evaluation in training order).
/// </summary>
public sealed class TrainingPlotsObserver : ITrainingObserver
{
    public const string CurveFileName = "training_curve.png";
    public const string AlignmentUniformityFileName = "alignment_uniformity.png";

    public void OnHistory(TrainingHistory history) => Write(history);

    public void OnTrainingEnd(TrainingHistory history) => Write(history);

    /// <summary>Writes the plots of <paramref name="history"/> into its output folder (nothing before the first step).</summary>
    public static void Write(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var (outputDir, losses, evaluations, metricName) = history;
        if (losses.Count == 0) return;
        metricName ??= evaluations.SelectMany(e => e.Metrics.Keys).FirstOrDefault();
        var metric = metricName is null ? [] : evaluations
            .Where(e => e.Metrics.ContainsKey(metricName))
            .Select(e => (e.Step, e.Metrics[metricName]))
            .ToList();
        TrainingCurvePlot.Save(Path.Combine(outputDir, CurveFileName), losses.Select(l => (l.Step, l.Loss)).ToList(),
                               metric, metricName ?? "", $"Training ({losses[^1].Step} steps)");

        var points = evaluations
            .Where(e => e.Metrics.ContainsKey("alignment") && e.Metrics.ContainsKey("uniformity"))
            .Select(e => (e.Step, e.Metrics["alignment"], e.Metrics["uniformity"]))
            .ToList();
        if (points.Count > 0)
            AlignmentUniformityPlot.Save(Path.Combine(outputDir, AlignmentUniformityFileName), points,
                                         "Alignment and uniformity during training");
    }
}

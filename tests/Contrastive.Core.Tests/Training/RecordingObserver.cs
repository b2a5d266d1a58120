using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

/// <summary>Records every callback; <see cref="AfterStep"/> can throw to simulate a kill or cancel a token.</summary>
public sealed class RecordingObserver : ITrainingObserver
{
    public List<TrainingStatus> Steps { get; } = [];
    public List<(int Step, IReadOnlyDictionary<string, double> Metrics)> Evaluations { get; } = [];
    /// <summary>(output folder, steps, evaluations, best-model metric) at each <see cref="OnHistory"/>, counted when called.</summary>
    public List<(string OutputDir, int Losses, int Evaluations, string? MetricForBestModel)> Histories { get; } = [];
    public List<(string OutputDir, int Losses, int Evaluations, string? MetricForBestModel)> Ends { get; } = [];
    public List<string> Checkpoints { get; } = [];
    public List<string> Messages { get; } = [];
    public Action<TrainingStatus>? AfterStep { get; init; }

    public void OnStep(TrainingStatus status)
    {
        Steps.Add(status);
        AfterStep?.Invoke(status);
    }

    public void OnEvaluation(int step, IReadOnlyDictionary<string, double> metrics) => Evaluations.Add((step, metrics));
    public void OnHistory(TrainingHistory history) => Histories.Add(Counts(history));
    public void OnTrainingEnd(TrainingHistory history) => Ends.Add(Counts(history));
    public void OnCheckpoint(string path) => Checkpoints.Add(path);
    public void OnMessage(string message) => Messages.Add(message);

    static (string, int, int, string?) Counts(TrainingHistory h) => (h.OutputDir, h.Losses.Count, h.Evaluations.Count, h.MetricForBestModel);
}

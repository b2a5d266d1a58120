using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

/// <summary>Records every callback; <see cref="AfterStep"/> can throw to simulate a kill or cancel a token.</summary>
public sealed class RecordingObserver : ITrainingObserver
{
    public List<TrainingStatus> Steps { get; } = [];
    public List<(int Step, IReadOnlyDictionary<string, double> Metrics)> Evaluations { get; } = [];
    public List<string> Checkpoints { get; } = [];
    public List<string> Messages { get; } = [];
    public Action<TrainingStatus>? AfterStep { get; init; }

    public void OnStep(TrainingStatus status)
    {
        Steps.Add(status);
        AfterStep?.Invoke(status);
    }

    public void OnEvaluation(int step, IReadOnlyDictionary<string, double> metrics) => Evaluations.Add((step, metrics));
    public void OnCheckpoint(string path) => Checkpoints.Add(path);
    public void OnMessage(string message) => Messages.Add(message);
}

using Contrastive.Core.Training;

namespace Contrastive.Text.Tests.Mlm;

/// <summary>Records the trainer's callbacks; <see cref="AfterStep"/> may cancel a token.</summary>
internal sealed class MlmRecordingObserver : ITrainingObserver
{
    public List<TrainingStatus> Steps { get; } = [];
    public List<string> Messages { get; } = [];
    public Action<TrainingStatus>? AfterStep { get; init; }

    public void OnStep(TrainingStatus status)
    {
        Steps.Add(status);
        AfterStep?.Invoke(status);
    }

    public void OnMessage(string message) => Messages.Add(message);
}

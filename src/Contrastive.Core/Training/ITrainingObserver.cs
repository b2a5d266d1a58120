namespace Contrastive.Core.Training;

/// <summary>Receives the trainer's progress; every callback is optional. Called on the training thread.</summary>
public interface ITrainingObserver
{
    /// <summary>After each optimizer step.</summary>
    void OnStep(TrainingStatus status) { }

    /// <summary>After each evaluation, with the metrics the evaluation returned.</summary>
    void OnEvaluation(int step, IReadOnlyDictionary<string, double> metrics) { }

    /// <summary>After a checkpoint folder has been written completely.</summary>
    void OnCheckpoint(string path) { }

    /// <summary>A line of information (resume position, new best model, time budget reached, ...).</summary>
    void OnMessage(string message) { }
}

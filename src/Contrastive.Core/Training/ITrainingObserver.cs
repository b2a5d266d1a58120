namespace Contrastive.Core.Training;

/// <summary>
/// Receives the trainer's progress; every callback is optional. Called on the training thread. Progress display and
/// plots live outside the core as observers (<c>Contrastive.Reporting</c>); combine several with
/// <see cref="CompositeTrainingObserver"/>.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>After each optimizer step.</summary>
    void OnStep(TrainingStatus status) { }

    /// <summary>After each evaluation, with the metrics the evaluation returned.</summary>
    void OnEvaluation(int step, IReadOnlyDictionary<string, double> metrics) { }

    /// <summary>After each evaluation (after <see cref="OnEvaluation"/>, before the best model is saved): the run's
    /// whole history so far.</summary>
    void OnHistory(TrainingHistory history) { }

    /// <summary>Once, when the run reaches its planned end, its time budget or early stopping (not on cancellation or
    /// divergence), after the last checkpoint and before <c>final/</c> is saved: the run's whole history.</summary>
    void OnTrainingEnd(TrainingHistory history) { }

    /// <summary>After a checkpoint folder has been written completely.</summary>
    void OnCheckpoint(string path) { }

    /// <summary>A line of information (resume position, new best model, time budget reached, ...).</summary>
    void OnMessage(string message) { }
}

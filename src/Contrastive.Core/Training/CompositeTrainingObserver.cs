namespace Contrastive.Core.Training;

/// <summary>Forwards every callback to each observer in order (e.g. a progress bar and a plot writer).</summary>
public sealed class CompositeTrainingObserver : ITrainingObserver
{
    readonly ITrainingObserver[] _observers;

    public CompositeTrainingObserver(params IEnumerable<ITrainingObserver> observers)
    {
        ArgumentNullException.ThrowIfNull(observers);
        _observers = observers.ToArray();
        if (_observers.Any(o => o is null)) throw new ArgumentException("An observer is null.", nameof(observers));
    }

    public void OnStep(TrainingStatus status)
    {
        foreach (var o in _observers) o.OnStep(status);
    }

    public void OnEvaluation(int step, IReadOnlyDictionary<string, double> metrics)
    {
        foreach (var o in _observers) o.OnEvaluation(step, metrics);
    }

    public void OnHistory(TrainingHistory history)
    {
        foreach (var o in _observers) o.OnHistory(history);
    }

    public void OnTrainingEnd(TrainingHistory history)
    {
        foreach (var o in _observers) o.OnTrainingEnd(history);
    }

    public void OnCheckpoint(string path)
    {
        foreach (var o in _observers) o.OnCheckpoint(path);
    }

    public void OnMessage(string message)
    {
        foreach (var o in _observers) o.OnMessage(message);
    }
}

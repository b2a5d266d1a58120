using System.Globalization;

namespace Contrastive.Core.Training;

/// <summary>
/// Plain progress lines (for logs and redirected output): the first step, every <c>every</c> steps and the last
/// planned step, each evaluation, checkpoint and message.
/// </summary>
public sealed class ConsoleLogObserver : ITrainingObserver
{
    readonly Action<string> _writeLine;
    readonly int _every;

    public ConsoleLogObserver(TextWriter writer, int every = 50) : this(writer.WriteLine, every) { }

    public ConsoleLogObserver(Action<string> writeLine, int every = 50)
    {
        ArgumentNullException.ThrowIfNull(writeLine);
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), every, "The interval must be at least 1 step.");
        _writeLine = writeLine;
        _every = every;
    }

    public void OnStep(TrainingStatus status)
    {
        if (status.Step == 1 || status.Step % _every == 0 || status.Step == status.TotalSteps) _writeLine(Format(status));
    }

    public void OnEvaluation(int step, IReadOnlyDictionary<string, double> metrics) => _writeLine(Format(step, metrics));

    public void OnCheckpoint(string path) => _writeLine($"checkpoint saved to {path}");

    public void OnMessage(string message) => _writeLine(message);

    /// <summary>One line: step, epoch, loss, learning rate, speed, elapsed time and ETA.</summary>
    public static string Format(TrainingStatus s) => string.Create(CultureInfo.InvariantCulture,
        $"step {s.Step}/{s.TotalSteps} | epoch {s.Epoch:F2} | loss {s.Loss:F4} | lr {s.LearningRate:E2} | {s.StepsPerSecond:F2} steps/s | elapsed {Duration(s.Elapsed)} | ETA {Duration(s.Eta)}");

    /// <summary>One line: the step and each metric.</summary>
    public static string Format(int step, IReadOnlyDictionary<string, double> metrics) =>
        $"eval at step {step}: " + string.Join(", ", metrics.Select(m => $"{m.Key} = {Evaluation.MetricText.Format(m.Value)}"));

    /// <summary>h:mm:ss (hours unbounded).</summary>
    public static string Duration(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}");
}

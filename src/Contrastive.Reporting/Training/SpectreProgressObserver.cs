using System.Globalization;
using Contrastive.Core.Training;
using Spectre.Console;

namespace Contrastive.Reporting.Training;

/// <summary>
/// A Spectre.Console progress bar showing step, loss, learning rate, steps/s and ETA; evaluations, checkpoints and
/// messages are printed above it. Use <see cref="Run{T}"/>, which falls back to <see cref="ConsoleLogObserver"/>
/// lines when the console is not interactive (e.g. output redirected to a file).
/// </summary>
public sealed class SpectreProgressObserver : ITrainingObserver
{
    readonly IAnsiConsole _console;
    readonly ProgressTask _task;

    SpectreProgressObserver(IAnsiConsole console, ProgressTask task)
    {
        _console = console;
        _task = task;
    }

    /// <summary>
    /// Runs <paramref name="train"/> (typically <c>o =&gt; new Trainer&lt;B&gt;(..., observer: o).Run()</c>) with a
    /// progress bar on <paramref name="console"/>, or with plain lines every <paramref name="plainEvery"/> steps when
    /// the console is not interactive.
    /// </summary>
    public static T Run<T>(IAnsiConsole console, Func<ITrainingObserver, T> train, int plainEvery = 50)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(train);
        if (!console.Profile.Capabilities.Interactive)   // raw lines, not wrapped at the console width
            return train(new ConsoleLogObserver(console.Profile.Out.Writer, plainEvery));
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", autoStart: true, maxValue: 1);
                var result = train(new SpectreProgressObserver(console, task));
                task.StopTask();
                return result;
            });
    }

    public void OnStep(TrainingStatus s)
    {
        _task.MaxValue = s.TotalSteps;
        _task.Value = s.Step;
        _task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"step {s.Step}/{s.TotalSteps}  loss {s.Loss:F4}  lr {s.LearningRate:E2}  {s.StepsPerSecond:F2} steps/s  ETA {ConsoleLogObserver.Duration(s.Eta)}"));
    }

    public void OnEvaluation(int step, IReadOnlyDictionary<string, double> metrics) =>
        _console.WriteLine(ConsoleLogObserver.Format(step, metrics));

    public void OnCheckpoint(string path) => _console.WriteLine($"checkpoint saved to {path}");

    public void OnMessage(string message) => _console.WriteLine(message);
}

using System.CommandLine;
using System.Runtime.InteropServices;

namespace Contrastive.Cli;

/// <summary>
/// Ctrl+C (SIGINT) during training. The first one cancels <see cref="Token"/>: the trainer finishes the current step,
/// writes a checkpoint and throws <see cref="OperationCanceledException"/>, and <see cref="Run{T}"/> prints the exact
/// command that resumes the run. A second one stops the process at once (the last checkpoint written is kept; a
/// checkpoint being written is replaced atomically, so none is ever left half written).
/// </summary>
public sealed class TrainingInterrupt : IDisposable
{
    readonly CancellationTokenSource _cts = new();
    readonly PosixSignalRegistration _registration;
    readonly TextWriter _stderr;
    int _signals;

    TrainingInterrupt(TextWriter stderr)
    {
        _stderr = stderr;
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    public CancellationToken Token => _cts.Token;

    void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) == 1)
        {
            context.Cancel = true;   // keep running until the current step is done
            _stderr.WriteLine("Ctrl+C: finishing the current step and writing a checkpoint (press Ctrl+C again to stop at once).");
            _cts.Cancel();
        }
        else
        {
            _stderr.WriteLine("Ctrl+C again: stopping now; the last checkpoint written is kept.");
            context.Cancel = false;  // the default action: the process ends (exit code 130)
        }
    }

    /// <summary>
    /// Runs <paramref name="train"/> with the token of a new interrupt; on cancellation prints where the checkpoint
    /// is and the command that resumes (the same arguments plus <c>--resume</c>), then rethrows.
    /// </summary>
    public static T Run<T>(ParseResult parse, Func<CancellationToken, T> train, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        using var interrupt = new TrainingInterrupt(stderr);
        try
        {
            return train(interrupt.Token);
        }
        catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
        {
            stderr.WriteLine($"Interrupted; a checkpoint was written. Resume with: {ResumeCommand(parse)}");
            throw;
        }
    }

    /// <summary>"contrastive ARGS --resume": the arguments of <paramref name="parse"/>, quoted for a POSIX shell.</summary>
    public static string ResumeCommand(ParseResult parse)
    {
        var args = parse.Tokens.Select(t => t.Value).ToList();
        if (!args.Contains("--resume")) args.Add("--resume");
        return "contrastive " + string.Join(" ", args.Select(Quote));
    }

    static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''") + "'";

    public void Dispose()
    {
        _registration.Dispose();
        _cts.Dispose();
    }
}

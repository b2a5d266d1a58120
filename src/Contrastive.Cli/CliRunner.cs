using System.CommandLine;
using System.Text.RegularExpressions;
using Contrastive.Core;

namespace Contrastive.Cli;

/// <summary>
/// Runs the parsed command and turns failures into one line on stderr with a non-zero exit code. The rule for the
/// whole CLI: bad input (command-line errors, a <see cref="ContrastiveException"/> naming the file, option or value)
/// prints <c>error: MESSAGE</c> and exits 1, as does a full disk (nothing to fix in the input or the program: the line
/// says to free space; files already saved are complete, since they are written atomically); an interrupt exits 130;
/// anything else is a bug and prints
/// <c>error: internal error (TYPE): MESSAGE</c> and exits 70. The stack trace follows only with the global
/// <c>--verbose</c> option (or CONTRASTIVE_DEBUG=1).
/// </summary>
public static class CliRunner
{
    public const int BadInput = 1;
    public const int Internal = 70;
    public const int Interrupted = 130;

    /// <summary>The global option that adds stack traces to failures.</summary>
    public const string VerboseName = "--verbose";

    /// <summary>The <see cref="VerboseName"/> option, for the root command (recursive: accepted after any command).</summary>
    public static Option<bool> CreateVerboseOption() => new(VerboseName)
    {
        Description = "Print the full stack trace of a failure (after its one-line message).",
        Recursive = true,
    };

    public static int Invoke(RootCommand root, string[] args, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        bool verbose = args.Contains(VerboseName) || Environment.GetEnvironmentVariable("CONTRASTIVE_DEBUG") == "1";
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Error = stderr };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // Some parser messages span lines (e.g. the list of accepted values): keep the one-line contract.
                stderr.WriteLine($"error: {OneLine(string.Join(" ", parsed.Errors.Select(e => e.Message)))} (see --help)");
                return BadInput;
            }
            return parsed.Invoke(config);
        }
        catch (Exception e)
        {
            return Report(e, stderr, verbose);
        }
    }

    /// <summary>Prints <paramref name="e"/> by the rule above and returns the exit code.</summary>
    public static int Report(Exception e, TextWriter stderr, bool verbose = false)
    {
        while (e is System.Reflection.TargetInvocationException or AggregateException && e.InnerException is { } inner) e = inner;
        switch (e)
        {
            case ContrastiveException:
                stderr.WriteLine($"error: {OneLine(e.Message)}");
                if (verbose) stderr.WriteLine(e);
                return BadInput;
            case IOException when IsDiskFull(e):
                stderr.WriteLine($"error: {OneLine(e.Message)} (the disk is full: free space and run again; a training " +
                                 "continues from its last checkpoint with --resume)");
                if (verbose) stderr.WriteLine(e);
                return BadInput;
            case OperationCanceledException:
                stderr.WriteLine("interrupted.");
                return Interrupted;
            default:
                stderr.WriteLine($"error: internal error ({e.GetType().Name}): {OneLine(e.Message)}" +
                                 (verbose ? "" : $" (run with {VerboseName} for the stack trace)"));
                if (verbose) stderr.WriteLine(e);
                return Internal;
        }
    }

    /// <summary>ENOSPC / EDQUOT on Unix (.NET puts the errno in HResult), ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on
    /// Windows.</summary>
    static bool IsDiskFull(Exception e) =>
        e.HResult is 28 or 122 || (uint)e.HResult is 0x80070070 or 0x80070027;

    static string OneLine(string message) => Regex.Replace(message.Trim(), @"\s*\n\s*", " ");
}

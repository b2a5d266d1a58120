using System.CommandLine;
using Contrastive.Core;

namespace Contrastive.Cli;

/// <summary>
/// Runs the parsed command and turns failures into one clear line on stderr with a non-zero exit code:
/// bad input (command-line errors, <see cref="ContrastiveException"/>) exits 1, an interrupt 130, anything unexpected
/// 70 with its type and message. Stack traces are printed only when CONTRASTIVE_DEBUG=1.
/// </summary>
public static class CliRunner
{
    public const int BadInput = 1;
    public const int Internal = 70;
    public const int Interrupted = 130;

    public static int Invoke(RootCommand root, string[] args, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Error = stderr };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                // Some parser messages span lines (e.g. the list of accepted values): keep the one-line contract.
                var message = string.Join(" ", parsed.Errors.Select(e => e.Message));
                stderr.WriteLine($"error: {System.Text.RegularExpressions.Regex.Replace(message, @"\s*\n\s*", " ")} (see --help)");
                return BadInput;
            }
            return parsed.Invoke(config);
        }
        catch (Exception e)
        {
            return Report(e, stderr);
        }
    }

    public static int Report(Exception e, TextWriter stderr)
    {
        if (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        bool debug = Environment.GetEnvironmentVariable("CONTRASTIVE_DEBUG") == "1";
        switch (e)
        {
            case ContrastiveException:
                stderr.WriteLine($"error: {e.Message}");
                if (debug) stderr.WriteLine(e);
                return BadInput;
            case OperationCanceledException:
                stderr.WriteLine("interrupted.");
                return Interrupted;
            default:
                stderr.WriteLine($"error: {e.GetType().Name}: {e.Message}{(debug ? "" : " (set CONTRASTIVE_DEBUG=1 for details)")}");
                if (debug) stderr.WriteLine(e);
                return Internal;
        }
    }
}

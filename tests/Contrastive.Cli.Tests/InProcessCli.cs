namespace Contrastive.Cli.Tests;

/// <summary>Runs the <c>contrastive</c> command line in this process, as Program.cs does, capturing stderr.</summary>
internal static class InProcessCli
{
    public static (int ExitCode, string Stderr) Run(params string[] args)
    {
        var stderr = new StringWriter();
        int code = CliRunner.Invoke(ContrastiveCli.CreateRootCommand(), args, stderr);
        return (code, stderr.ToString());
    }

    /// <summary>Asserts the CLI's bad-input contract: exit code 1 and exactly one line on stderr, starting with
    /// "error:", containing <paramref name="named"/>, without a stack trace. Returns the line.</summary>
    public static string AssertBadInput(string named, params string[] args)
    {
        var (code, stderr) = Run(args);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{stderr}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(named, lines[0]);
        Assert.DoesNotContain("Exception", lines[0]);   // the message only, not the exception's type or trace
        Assert.True(code == CliRunner.BadInput, $"exit code {code}, expected {CliRunner.BadInput}; stderr: {stderr}");
        return lines[0];
    }
}

using System.Reflection;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Cli.Tests;

public class CliRunnerTests
{
    /// <summary>Arguments of a tiny <c>simcse train</c> that would succeed, with <paramref name="extra"/> appended; an
    /// option named in <paramref name="extra"/> replaces the default one.</summary>
    static string[] Train(TempDir dir, params string[] extra)
    {
        var defaults = new (string Option, string Value)[]
        {
            ("--train-file", TinyCorpus.WriteRandom(dir, "corpus.txt", 16, seed: 1)), ("--vocab", TinyVocabulary.Words.Write(dir)),
            ("--output-dir", dir.File("out")), ("--hidden-size", "32"), ("--num-layers", "2"), ("--num-heads", "2"),
            ("--intermediate-size", "64"), ("--max-steps", "2"),
        };
        return ["simcse", "train", .. defaults.Where(d => !extra.Contains(d.Option)).SelectMany(d => new[] { d.Option, d.Value }), .. extra];
    }

    [Fact]
    public void SimCseTrain_MissingTrainFile_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        var missing = dir.File("no-such-corpus.txt");

        InProcessCli.AssertBadInput(missing, Train(dir, "--train-file", missing));
    }

    [Fact]
    public void SimCseTrain_MalformedNliLine_OneErrorLineNamingFileAndLine()
    {
        using var dir = new TempDir();
        var nli = dir.File("nli.csv");
        File.WriteAllLines(nli, ["sent0,sent1,hard_neg", "a man plays .,a man is playing .,a dog runs .", "a,b,c,d"]);

        InProcessCli.AssertBadInput($"{nli}:3", Train(dir, "--supervised", "--train-file", nli));
    }

    [Fact]
    public void SimCseTrain_EmptyCorpus_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        var empty = dir.File("empty.txt");
        File.WriteAllLines(empty, ["", "   ", ""]);

        var line = InProcessCli.AssertBadInput(empty, Train(dir, "--train-file", empty));
        Assert.Contains("no sentences", line);
    }

    [Fact]
    public void SimCseTrain_UnknownPooler_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();

        InProcessCli.AssertBadInput("'first_token'", Train(dir, "--pooler", "first_token"));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("-5m")]
    public void SimCseTrain_BadTimeBudget_OneErrorLineNamingIt(string budget)
    {
        using var dir = new TempDir();

        var line = InProcessCli.AssertBadInput($"'{budget}'", Train(dir, "--time-budget", budget));
        Assert.Contains("--time-budget", line);
    }

    [Fact]
    public void SimCseTrain_MissingModelFolder_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        var missing = dir.File("no-such-model");

        InProcessCli.AssertBadInput(missing, Train(dir, "--model", missing));
    }

    [Fact]
    public void SimCseTrain_ResumeWithoutCheckpoint_OneErrorLineNamingTheState()
    {
        using var dir = new TempDir();

        InProcessCli.AssertBadInput("trainer_state.json", Train(dir, "--resume"));
    }

    [Fact]
    public void SimCseTrain_NonNumericMaxSteps_OneErrorLine()
    {
        using var dir = new TempDir();

        InProcessCli.AssertBadInput("'abc'", Train(dir, "--max-steps", "abc"));
    }

    [Fact]
    public void SimCseTrain_RequiredOptionsMissing_OneErrorLineNamingThem()
    {
        var line = InProcessCli.AssertBadInput("--train-file", "simcse", "train");
        Assert.Contains("--output-dir", line);
    }

    [Fact]
    public void EvalSts_MissingModelFolder_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        var missing = dir.File("no-such-model");

        InProcessCli.AssertBadInput(missing, "eval", "sts", "--model", missing, "--data", TinyCorpus.StsBenchmark(dir));
    }

    [Fact]
    public void EvalSts_CorruptWeights_OneErrorLineNamingTheFile()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var weights = Path.Combine(model, "model.safetensors");
        File.WriteAllBytes(weights, [.. BitConverter.GetBytes(1_000_000L), .. "{\"a\":"u8.ToArray()]);

        InProcessCli.AssertBadInput(weights, "eval", "sts", "--model", model, "--data", TinyCorpus.StsBenchmark(dir));
    }

    [Fact]
    public void EvalSts_UnknownPooler_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();

        InProcessCli.AssertBadInput("'pooled'", "eval", "sts", "--model", TinyBert.SaveEncoderFolder(dir), "--data", TinyCorpus.StsBenchmark(dir),
                                    "--pooler", "pooled");
    }

    [Fact]
    public void EvalSts_MissingData_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        var missing = dir.File("no-such-sts.csv");

        InProcessCli.AssertBadInput(missing, "eval", "sts", "--model", TinyBert.SaveEncoderFolder(dir), "--data", missing);
    }

    [Fact]
    public void Encode_OutputWithBadExtension_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        var output = dir.File("embeddings.csv");

        InProcessCli.AssertBadInput(output, "encode", "--model", TinyBert.SaveEncoderFolder(dir),
                                    "--input", TinyCorpus.WriteRandom(dir, "in.txt", 4, seed: 2), "--output", output);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Encode_MissingModelFolder_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        var missing = dir.File("no-such-model");

        InProcessCli.AssertBadInput(missing, "encode", "--model", missing, "--input", TinyCorpus.WriteRandom(dir, "in.txt", 4, seed: 2),
                                    "--output", dir.File("e.npy"));
    }

    [Fact]
    public void Encode_CorruptWeights_OneErrorLineNamingTheFile()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var weights = Path.Combine(model, "model.safetensors");
        File.WriteAllBytes(weights, new byte[5]);

        InProcessCli.AssertBadInput(weights, "encode", "--model", model, "--input", TinyCorpus.WriteRandom(dir, "in.txt", 4, seed: 2),
                                    "--output", dir.File("e.npy"));
    }

    [Fact]
    public void Encode_EmptyInput_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        var empty = dir.File("empty.txt");
        File.WriteAllText(empty, "\n\n");

        InProcessCli.AssertBadInput(empty, "encode", "--model", TinyBert.SaveEncoderFolder(dir), "--input", empty, "--output", dir.File("e.npy"));
    }

    [Fact]
    public void Report_UnexpectedException_OneLineWithTypeAndExitCode70()
    {
        var stderr = new StringWriter();

        int code = CliRunner.Report(new TargetInvocationException(new InvalidOperationException("boom")), stderr);

        Assert.Equal(CliRunner.Internal, code);
        Assert.Equal("error: internal error (InvalidOperationException): boom (run with --verbose for the stack trace)", stderr.ToString().TrimEnd());
    }

    [Fact]
    public void Report_UnexpectedExceptionVerbose_OneLineThenTheTrace()
    {
        var stderr = new StringWriter();
        Exception thrown;
        try { throw new IOException("disk\nfull"); } catch (IOException e) { thrown = e; }

        int code = CliRunner.Report(thrown, stderr, verbose: true);

        Assert.Equal(CliRunner.Internal, code);
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("error: internal error (IOException): disk full", lines[0].TrimEnd());   // one line even for a two-line message
        Assert.Contains(lines, l => l.Contains(nameof(Report_UnexpectedExceptionVerbose_OneLineThenTheTrace)));
    }

    [Fact]
    public void Report_DiskFull_OneLineSayingSoAndExitCode1()
    {
        if (!File.Exists("/dev/full")) { Console.WriteLine("skipped: no /dev/full (Linux's always-full device)"); return; }
        var stderr = new StringWriter();
        Exception thrown;
        try { File.WriteAllBytes("/dev/full", [1, 2, 3]); throw new InvalidOperationException("/dev/full accepted a write"); }
        catch (IOException e) { thrown = e; }

        int code = CliRunner.Report(thrown, stderr);

        Assert.Equal(CliRunner.BadInput, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.DoesNotContain("internal error", line);
        Assert.Contains("the disk is full", line);
    }

    [Fact]
    public void Report_Cancellation_InterruptedAndExitCode130()
    {
        var stderr = new StringWriter();

        Assert.Equal(CliRunner.Interrupted, CliRunner.Report(new OperationCanceledException(), stderr));
        Assert.Equal("interrupted.", stderr.ToString().TrimEnd());
    }

    [Fact]
    public void Report_SafeTensorsFormatException_IsBadInput()
    {
        var stderr = new StringWriter();

        Assert.Equal(CliRunner.BadInput, CliRunner.Report(new SafeTensorsFormatException("m.safetensors", "truncated"), stderr));
        Assert.Equal("error: m.safetensors: not a valid safetensors file: truncated", stderr.ToString().TrimEnd());
        Assert.IsAssignableFrom<ContrastiveException>(new SafeTensorsFormatException("m", "p"));
    }
}

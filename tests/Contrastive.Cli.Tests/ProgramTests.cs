using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Contrastive.Cli.Tests;

/// <summary>The built <c>contrastive</c> executable run as separate processes.</summary>
public class ProgramTests(ITestOutputHelper output)
{
    static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The <c>contrastive</c> app host: copied next to this assembly (the project references the CLI), else in
    /// the CLI project's own output folder; null when neither exists.</summary>
    static string? FindExecutable()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "contrastive");
        if (File.Exists(here)) return here;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Contrastive.slnx"))) continue;
            var bin = Path.Combine(dir.FullName, "src", "Contrastive.Cli", "bin");
            return Directory.Exists(bin)
                ? Directory.EnumerateFiles(bin, "contrastive", SearchOption.AllDirectories).FirstOrDefault()
                : null;
        }
        return null;
    }

    /// <summary>A started CLI process whose stdout and stderr are collected (drained, so it never blocks on a pipe).</summary>
    sealed class CliProcess : IDisposable
    {
        readonly StringBuilder _output = new();
        public Process Process { get; }

        public CliProcess(string executable, IEnumerable<string> args)
        {
            var info = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in args) info.ArgumentList.Add(a);
            // Same intra-op thread count for every run: float reductions, hence the weights, depend on it.
            info.Environment[ContrastiveCli.ThreadsVariable] = "1";
            info.Environment["CONTRASTIVE_DEBUG"] = "1";
            Process = new Process { StartInfo = info };
            Process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            Process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
            Process.Start();
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public string Output { get { lock (_output) return _output.ToString(); } }

        /// <summary>Waits for the exit; kills the process and fails after <see cref="ProcessTimeout"/>.</summary>
        public int Wait()
        {
            if (!Process.WaitForExit(ProcessTimeout))
            {
                Process.Kill();
                Assert.Fail($"contrastive did not finish within {ProcessTimeout}:\n{Output}");
            }
            Process.WaitForExit();   // drains the output events
            return Process.ExitCode;
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill();
            Process.Dispose();
        }
    }

    /// <summary>global_step of the checkpoint in <paramref name="runDir"/>, or -1 while there is none (or it is being replaced).</summary>
    static int CheckpointStep(string runDir)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "checkpoint", "trainer_state.json")));
            return json.RootElement.GetProperty("global_step").GetInt32();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    [SkippableFact]
    public void SimCseTrain_SigkillAfterACheckpointThenResume_FinalWeightsIdenticalToUninterruptedRun()
    {
        var executable = FindExecutable();
        Skip.If(executable is null, "the contrastive executable was not found next to the tests or under src/Contrastive.Cli/bin: build src/Contrastive.Cli.");
        using var dir = new TempDir();
        var vocab = TinyVocabulary.Words.Write(dir);
        // Long sentences and hidden 64 make a step take tens of milliseconds, so the kill lands between the step-10
        // checkpoint and the end (step 40).
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 64, seed: 12, minWords: 24, maxWords: 30);
        string[] Args(string runDir) =>
        [
            "simcse", "train", "--train-file", corpus, "--vocab", vocab, "--output-dir", runDir,
            "--hidden-size", "64", "--num-layers", "2", "--num-heads", "2", "--intermediate-size", "128", "--batch-size", "32",
            "--learning-rate", "1e-3", "--max-steps", "40", "--eval-steps", "5", "--seed", "17",
        ];
        var reference = dir.File("uninterrupted");
        var killed = dir.File("killed");
        var clock = Stopwatch.StartNew();

        using var uninterrupted = new CliProcess(executable!, Args(reference));
        int killedAt;
        using (var victim = new CliProcess(executable!, Args(killed)))
        {
            while ((killedAt = CheckpointStep(killed)) < 10)
            {
                Assert.False(victim.Process.HasExited, $"the run ended (exit code {(victim.Process.HasExited ? victim.Process.ExitCode : 0)}) before it could be killed:\n{victim.Output}");
                Assert.True(clock.Elapsed < ProcessTimeout, $"no checkpoint at step 10 after {ProcessTimeout}:\n{victim.Output}");
                Thread.Sleep(5);
            }
            victim.Process.Kill();   // SIGKILL: no chance to save anything on the way out
            victim.Process.WaitForExit();
            output.WriteLine($"killed after the checkpoint of step {killedAt} at {clock.Elapsed.TotalSeconds:F1} s");
        }
        Assert.False(Directory.Exists(Path.Combine(killed, "final")), "the killed run had already finished");

        using var resumed = new CliProcess(executable!, [.. Args(killed), "--resume"]);
        Assert.True(resumed.Wait() == 0, resumed.Output);
        var resumedFrom = Regex.Match(resumed.Output, @"Resuming from step (\d+) of 40");
        Assert.True(resumedFrom.Success, resumed.Output);
        Assert.InRange(int.Parse(resumedFrom.Groups[1].Value), 10, 35);   // a checkpoint before the end: steps were redone
        Assert.True(uninterrupted.Wait() == 0, uninterrupted.Output);
        output.WriteLine($"both runs done at {clock.Elapsed.TotalSeconds:F1} s");

        foreach (var file in new[] { "final/model.safetensors", "checkpoint/model.safetensors", "checkpoint/optimizer.bin" })
        {
            var expected = File.ReadAllBytes(Path.Combine(reference, file));
            var actual = File.ReadAllBytes(Path.Combine(killed, file));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{file} differs between the resumed and the uninterrupted run");
        }
        Assert.Equal(40, CheckpointStep(killed));
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    static extern int kill(int pid, int signal);

    const int SigInt = 2;

    [System.Runtime.InteropServices.DllImport("libc")]
    static extern IntPtr signal(int signal, IntPtr handler);

    /// <summary>Once per test process, before any Ctrl+C test starts a run.</summary>
    static ProgramTests() => LetRunsReceiveInterrupts();

    /// <summary>
    /// Lets the runs this process starts receive SIGINT. Started with SIGINT ignored (a background job of a script,
    /// <c>nohup</c>), the test host passes SIG_IGN on to every child, and .NET keeps an inherited SIG_IGN for SIGINT, so
    /// the Ctrl+C tests could never interrupt their run; this restores the default disposition in that case only (a
    /// test host that handles SIGINT itself keeps its handler).
    /// </summary>
    static void LetRunsReceiveInterrupts()
    {
        var ignored = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        if (ignored is null) return;
        ulong mask = Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16);
        if ((mask & (1UL << (SigInt - 1))) != 0) signal(SigInt, IntPtr.Zero);
    }

    /// <summary>Arguments of a long SimCSE run (no checkpoint before step 1000) into <paramref name="runDir"/>.</summary>
    static string[] LongRun(TempDir dir, string runDir, int maxSteps) =>
    [
        "simcse", "train", "--train-file", TinyCorpus.WriteRandom(dir, "corpus.txt", 64, seed: 12, minWords: 24, maxWords: 30),
        "--vocab", TinyVocabulary.Words.Write(dir), "--output-dir", runDir, "--hidden-size", "64", "--num-layers", "2", "--num-heads", "2",
        "--intermediate-size", "128", "--batch-size", "16", "--learning-rate", "1e-3", "--max-steps", maxSteps.ToString(),
        "--eval-steps", "1000", "--seed", "17",
    ];

    /// <summary>Waits until the run has printed its first step line, so the signal lands during training.</summary>
    static void WaitForTraining(CliProcess run)
    {
        var clock = Stopwatch.StartNew();
        while (!run.Output.Contains("step 1/"))
        {
            Assert.False(run.Process.HasExited, $"the run ended before it could be interrupted:\n{run.Output}");
            Assert.True(clock.Elapsed < ProcessTimeout, $"no training step after {ProcessTimeout}:\n{run.Output}");
            Thread.Sleep(10);
        }
    }

    [SkippableFact]
    public void SimCseTrain_CtrlC_FinishesTheStepWritesACheckpointAndPrintsTheResumeCommandThatContinues()
    {
        var executable = FindExecutable();
        Skip.If(executable is null, "the contrastive executable was not found next to the tests or under src/Contrastive.Cli/bin: build src/Contrastive.Cli.");
        using var dir = new TempDir();
        var runDir = dir.File("run");
        var (step, printed) = InterruptAfterTheFirstStep(executable!, LongRun(dir, runDir, 100_000), runDir);
        Assert.Contains($"Cancelled after step {step}", printed);

        // The printed command continues the run (here with a nearer end: --max-steps may change on resume).
        using var resumed = new CliProcess(executable!, [.. LongRun(dir, runDir, step + 2), "--resume"]);
        Assert.True(resumed.Wait() == 0, resumed.Output);
        Assert.Contains($"Resuming from step {step} of {step + 2}", resumed.Output);
        Assert.Equal(step + 2, CheckpointStep(runDir));
    }

    [SkippableFact]
    public void SimCseTrain_SecondCtrlC_StopsAtOnce()
    {
        var executable = FindExecutable();
        Skip.If(executable is null, "the contrastive executable was not found next to the tests or under src/Contrastive.Cli/bin: build src/Contrastive.Cli.");
        using var dir = new TempDir();

        AssertASecondCtrlCStopsAtOnce(executable!, LongRun(dir, dir.File("run"), 100_000));
    }

    /// <summary>Sends SIGINT to a run of <paramref name="args"/> after its first step, then a second one once the first
    /// is acknowledged: the run must stop at once (exit 130, by the handler or the signal).</summary>
    static void AssertASecondCtrlCStopsAtOnce(string executable, string[] args)
    {
        using var run = new CliProcess(executable, args);
        WaitForTraining(run);
        Assert.Equal(0, kill(run.Process.Id, SigInt));
        var clock = Stopwatch.StartNew();
        while (!run.Output.Contains("Ctrl+C: finishing")) { Assert.True(clock.Elapsed < ProcessTimeout, run.Output); Thread.Sleep(1); }
        Assert.Equal(0, kill(run.Process.Id, SigInt));
        int code = run.Wait();

        Assert.True(code is CliRunner.Interrupted or 128 + SigInt, $"exit code {code}:\n{run.Output}");
        Assert.Contains("Ctrl+C again: stopping now", run.Output);
    }

    /// <summary>
    /// Sends SIGINT to a run of <paramref name="args"/> after its first step and checks what the first Ctrl+C promises:
    /// exit 130, a checkpoint in <paramref name="runDir"/>, and the resume command (the same arguments plus --resume).
    /// Returns the checkpoint's step and what the run printed.
    /// </summary>
    (int Step, string Printed) InterruptAfterTheFirstStep(string executable, string[] args, string runDir)
    {
        int code;
        string printed;
        using (var run = new CliProcess(executable, args))
        {
            WaitForTraining(run);
            Assert.Equal(0, kill(run.Process.Id, SigInt));
            code = run.Wait();
            printed = run.Output;
        }
        output.WriteLine(printed);

        Assert.True(code == CliRunner.Interrupted, $"exit code {code}:\n{printed}");
        Assert.Contains("Ctrl+C: finishing the current step", printed);
        int step = CheckpointStep(runDir);
        Assert.True(step >= 1, $"no checkpoint after the interrupt:\n{printed}");
        var resumeLine = printed.Split('\n').Single(l => l.Contains("Resume with: "));
        Assert.EndsWith("contrastive " + string.Join(" ", args) + " --resume", resumeLine.TrimEnd());
        Assert.DoesNotContain("Exception", printed);
        return (step, printed);
    }

    /// <summary>
    /// Arguments of a long run of every other command that trains through the Trainer into an output folder (tiny data,
    /// no evaluation or checkpoint before the end), ending at <paramref name="maxSteps"/>.
    /// </summary>
    static string[] LongTrainingRun(string command, TempDir dir, string runDir, int maxSteps)
    {
        string steps = maxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (command)
        {
            case "seqrec":
                var sequences = dir.File("sequences.txt");
                var random = new Random(3);
                File.WriteAllLines(sequences, Enumerable.Range(1, 40).Select(u =>
                    $"{u} {string.Join(' ', Enumerable.Range(0, random.Next(4, 9)).Select(_ => random.Next(1, 30)))}"));
                return ["seqrec", "train", "--model", "cl4srec", "--data", sequences, "--output-dir", runDir, "--hidden-size", "16",
                        "--num-heads", "2", "--inner-size", "32", "--max-seq-length", "8", "--batch-size", "8", "--max-steps", steps,
                        "--eval-epochs", "100000", "--patience", "100000"];
            case "vision":
                var csv = dir.File("digits.csv");
                var pixels = new Random(4);
                File.WriteAllLines(csv, Enumerable.Range(0, 48).Select(i => string.Join(",", Enumerable.Range(0, 36).Select(_ => pixels.Next(17)).Append(i % 3))));
                return ["vision", "train", "--method", "simclr", "--data", csv, "--output-dir", runDir, "--width", "8", "--hidden-dim", "16",
                        "--projection-dim", "8", "--augment", "crop,flip,noise", "--batch-size", "8", "--warmup-steps", "0",
                        "--max-steps", steps, "--eval-steps", "100000"];
            case "distill":
                return ["distill", "--teacher", TinyBert.SaveEncoderFolder(dir, "teacher"), "--train-file", TinyCorpus.WriteRandom(dir, "corpus.txt", 32, seed: 2),
                        "--output-dir", runDir, "--student-layers", "1", "--batch-size", "8", "--max-seq-length", "16",
                        "--max-steps", steps, "--eval-steps", "100000"];
            case "sbert":
                return ["sbert", "train", "--objective", "sts-regression", "--train-file", TinyCorpus.StsBenchmark(dir, "sts-train.csv", pairs: 32),
                        "--vocab", TinyVocabulary.Words.Write(dir), "--output-dir", runDir, "--hidden-size", "32", "--num-layers", "2",
                        "--num-heads", "2", "--intermediate-size", "64", "--batch-size", "8", "--max-seq-length", "16", "--warmup-steps", "0",
                        "--max-steps", steps, "--eval-steps", "100000"];
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, null);
        }
    }

    [SkippableTheory]
    [InlineData("seqrec")]
    [InlineData("vision")]
    [InlineData("distill")]
    [InlineData("sbert")]
    public void Train_CtrlC_FinishesTheStepWritesACheckpointAndPrintsTheResumeCommandThatContinues(string command)
    {
        var executable = FindExecutable();
        Skip.If(executable is null, "the contrastive executable was not found next to the tests or under src/Contrastive.Cli/bin: build src/Contrastive.Cli.");
        using var dir = new TempDir();
        var runDir = dir.File("run");
        var (step, _) = InterruptAfterTheFirstStep(executable!, LongTrainingRun(command, dir, runDir, 100_000), runDir);

        using var resumed = new CliProcess(executable!, [.. LongTrainingRun(command, dir, runDir, step + 1), "--resume"]);
        Assert.True(resumed.Wait() == 0, resumed.Output);
        Assert.Contains($"Resuming from step {step} of {step + 1}", resumed.Output);
        Assert.Equal(step + 1, CheckpointStep(runDir));
    }

    [SkippableFact]
    public void SeqRecTrain_SecondCtrlC_StopsAtOnce()
    {
        var executable = FindExecutable();
        Skip.If(executable is null, "the contrastive executable was not found next to the tests or under src/Contrastive.Cli/bin: build src/Contrastive.Cli.");
        using var dir = new TempDir();

        AssertASecondCtrlCStopsAtOnce(executable!, LongTrainingRun("seqrec", dir, dir.File("run"), 100_000));
    }
}

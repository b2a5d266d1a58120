using System.Text;
using System.Text.Json;

namespace Contrastive.Cli.Tests;

/// <summary>
/// The malformed inputs of issue 17, each through the command line: one line "error: ..." naming the file, option or
/// value, exit code 1, no exception type, no temporary file names, no silent success.
/// </summary>
[Collection(Commands.ProgressDisplayCollection.Name)]
public class BadInputTests
{
    static string[] TinyShape => ["--hidden-size", "32", "--num-layers", "2", "--num-heads", "2", "--intermediate-size", "64"];

    static string[] Train(TempDir dir, string output, params string[] extra) => Train(dir, output, 2, extra);

    static string[] Train(TempDir dir, string output, int maxSteps, params string[] extra) =>
    [
        "simcse", "train", "--train-file", TinyCorpus.WriteRandom(dir, "corpus.txt", 16, seed: 1), "--vocab", TinyVocabulary.Words.Write(dir),
        "--output-dir", output, .. TinyShape, "--max-steps", maxSteps.ToString(), .. extra,
    ];

    /// <summary>A file of random bytes with NULs, as a binary file given where text is expected.</summary>
    static string BinaryFile(TempDir dir, string name = "data.bin")
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        var path = dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Text lines, most of them with invalid UTF-8 bytes but no NUL.</summary>
    static string Latin1File(TempDir dir)
    {
        var path = dir.File("latin1.txt");
        var lines = TinyCorpus.Random(20, seed: 3).Select(s => Encoding.Latin1.GetBytes(s + " caf\u00e9 \u00e0 \u00fc\n"));
        File.WriteAllBytes(path, lines.SelectMany(l => l).ToArray());
        return path;
    }

    [Fact]
    public void Encode_VocabularyLargerThanConfigVocabSize_OneLineNamingBothNumbers()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var vocab = Path.Combine(model, "vocab.txt");
        int size = File.ReadAllLines(vocab).Length;
        File.AppendAllLines(vocab, ["guitarist", "pianist", "bookshop"]);
        File.WriteAllLines(dir.File("in.txt"), ["the guitarist plays .", "a pianist reads in the bookshop ."]);

        var line = InProcessCli.AssertBadInput($"{size + 3} tokens", "encode", "--model", model, "--input", dir.File("in.txt"), "--output", dir.File("e.npy"));
        Assert.Contains($"vocab_size (config.json) is {size}", line);
    }

    [Fact]
    public void EvalReport_JsonOfAnotherShape_OneLineNamingTheFile()
    {
        using var dir = new TempDir();
        var wrong = dir.File("wrong.json");
        File.WriteAllText(wrong, "{\"tasks\": 3}");
        InProcessCli.AssertBadInput("wrong.json: not an STS result", "eval", "report", $"a={wrong}");
        File.WriteAllText(wrong, "[1, 2]");
        InProcessCli.AssertBadInput("wrong.json: not an STS result", "eval", "report", $"a={wrong}");
    }

    [Fact]
    public void IndexBuild_IvfCellsAboveTheSentenceCount_WarnsAndUsesOneCellPerSentence()
    {
        using var dir = new TempDir();
        var corpus = TinyCorpus.WriteRandom(dir, "c.txt", 8, seed: 2);
        var (code, stderr) = InProcessCli.Run("index", "build", "--model", TinyBert.SaveEncoderFolder(dir), "--corpus", corpus,
                                             "--out", dir.File("ivf"), "--ivf", "--cells", "1000");
        Assert.Equal(0, code);
        Assert.Contains("warning: --cells 1000 is more than the 8 sentences", stderr);
        Assert.Contains("\"cells\": 8", File.ReadAllText(Path.Combine(dir.File("ivf"), "index.json")));
    }

    [Fact]
    public void EvalSts_BatchSizeZero_OneLineNamingTheOption()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("--batch-size", "eval", "sts", "--model", TinyBert.SaveEncoderFolder(dir), "--data", TinyCorpus.StsBenchmark(dir),
                                    "--batch-size", "0");
    }

    [Fact]
    public void SimCseTrain_OutputDirIsAnExistingFile_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var file = dir.File("out");
        File.WriteAllText(file, "not a folder");
        InProcessCli.AssertBadInput($"--output-dir {file}", Train(dir, file));
    }

    [Fact]
    public void IndexBuild_OutIsAnExistingFile_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var file = dir.File("index");
        File.WriteAllText(file, "not a folder");
        InProcessCli.AssertBadInput($"--out {file}", "index", "build", "--model", TinyBert.SaveEncoderFolder(dir),
                                    "--corpus", TinyCorpus.WriteRandom(dir, "c.txt", 8, seed: 2), "--out", file);
    }

    [Fact]
    public void BertInit_OutIsAnExistingFile_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var file = dir.File("model");
        File.WriteAllText(file, "not a folder");
        InProcessCli.AssertBadInput($"--out {file}", ["bert", "init", "--vocab", TinyVocabulary.Words.Write(dir), "--out", file, .. TinyShape]);
    }

    [Fact]
    public void Encode_OutputUnderAnExistingFile_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var file = dir.File("file.txt");
        File.WriteAllText(file, "x");
        var output = Path.Combine(file, "e.npy");
        InProcessCli.AssertBadInput(output, "encode", "--model", TinyBert.SaveEncoderFolder(dir), "--input", TinyCorpus.WriteRandom(dir, "in.txt", 4, seed: 2),
                                    "--output", output);
    }

    [Fact]
    public void Encode_OutputIsAnExistingFolder_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var folder = dir.File("out.npy");
        Directory.CreateDirectory(folder);
        InProcessCli.AssertBadInput($"--output {folder}", "encode", "--model", TinyBert.SaveEncoderFolder(dir),
                                    "--input", TinyCorpus.WriteRandom(dir, "in.txt", 4, seed: 2), "--output", folder);
    }

    [SkippableFact]
    public void Encode_OutputInAFolderThatCannotBeWritten_NamesTheRequestedFileNotATemporaryOne()
    {
        Skip.IfNot(Directory.Exists("/proc/self"), "needs /proc (Linux)");
        using var dir = new TempDir();
        var line = InProcessCli.AssertBadInput("/proc/x.npy", "encode", "--model", TinyBert.SaveEncoderFolder(dir),
                                               "--input", TinyCorpus.WriteRandom(dir, "in.txt", 4, seed: 2), "--output", "/proc/x.npy");
        Assert.DoesNotContain(".tmp", line);
    }

    [Fact]
    public void Serve_UrlsNotAnAddress_OneLineNamingIt()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("'notaurl'", "serve", "--model", TinyBert.SaveEncoderFolder(dir), "--urls", "notaurl");
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("https://localhost:5001/")]
    [InlineData("http://*:80")]
    [InlineData("http://[::1]:8080")]
    public void RequireUrl_KestrelAddresses_Accepted(string url) => Contrastive.Cli.Commands.ServeCommand.RequireUrl(url);

    [Theory]
    [InlineData("notaurl")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://")]
    [InlineData("http://127.0.0.1:99999")]
    public void RequireUrl_NotAnAddress_Refused(string url) =>
        Assert.Throws<Contrastive.Core.ContrastiveException>(() => Contrastive.Cli.Commands.ServeCommand.RequireUrl(url));

    [Fact]
    public void Whiten_FewerSentencesThanDimensions_OneLineSayingHowMany()
    {
        using var dir = new TempDir();
        var line = InProcessCli.AssertBadInput("3 embeddings", "whiten", "--model", TinyBert.SaveEncoderFolder(dir),
                                               "--corpus", TinyCorpus.WriteRandom(dir, "c.txt", 3, seed: 2), "--output", dir.File("w"));
        Assert.Contains("at most 2", line);
        Assert.False(Directory.Exists(dir.File("w")));
    }

    [Fact]
    public void SimCseTrain_BatchSizeOne_RefusedBecauseThereAreNoNegatives()
    {
        using var dir = new TempDir();
        var line = InProcessCli.AssertBadInput("batch size of at least 2", Train(dir, dir.File("out"), "--batch-size", "1"));
        Assert.Contains("negatives", line);
    }

    [Fact]
    public void SimCseTrain_BinaryCorpus_OneLineNamingTheFileAndLine()
    {
        using var dir = new TempDir();
        var binary = BinaryFile(dir);
        var line = InProcessCli.AssertBadInput(binary, Train(dir, dir.File("out"), "--train-file", binary));
        Assert.Matches(@"line \d+", line);
    }

    [Fact]
    public void SimCseTrain_Latin1Corpus_RefusedAsNotUtf8NamingTheFirstLine()
    {
        using var dir = new TempDir();
        var latin1 = Latin1File(dir);
        var line = InProcessCli.AssertBadInput(latin1, Train(dir, dir.File("out"), "--train-file", latin1));
        Assert.Contains("UTF-8", line);
        Assert.Contains("line 1", line);
    }

    [Fact]
    public void Encode_BinaryInput_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var binary = BinaryFile(dir);
        InProcessCli.AssertBadInput(binary, "encode", "--model", TinyBert.SaveEncoderFolder(dir), "--input", binary, "--output", dir.File("e.npy"));
        Assert.False(File.Exists(dir.File("e.npy")));
    }

    [Fact]
    public void IndexBuild_BinaryCorpus_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var binary = BinaryFile(dir);
        InProcessCli.AssertBadInput(binary, "index", "build", "--model", TinyBert.SaveEncoderFolder(dir), "--corpus", binary, "--out", dir.File("index"));
    }

    [Fact]
    public void Encode_InputIsAFolder_ReportedAsAFolder()
    {
        using var dir = new TempDir();
        var folder = dir.File("inputs");
        Directory.CreateDirectory(folder);
        var line = InProcessCli.AssertBadInput(folder, "encode", "--model", TinyBert.SaveEncoderFolder(dir), "--input", folder, "--output", dir.File("e.npy"));
        Assert.Contains("is a folder", line);
    }

    [Fact]
    public void SimCseTrain_ResumeWithChangedArguments_RefusedNamingEachDifference()
    {
        using var dir = new TempDir();
        var output = dir.File("out");
        var (code, stderr) = InProcessCli.Run(Train(dir, output, "--learning-rate", "1e-3", "--eval-steps", "1"));
        Assert.True(code == 0, stderr);

        var line = InProcessCli.AssertBadInput("learning rate 0.001 -> 0.002",
                                               Train(dir, output, "--learning-rate", "2e-3", "--warmup-steps", "1", "--eval-steps", "1", "--resume"));
        Assert.Contains("warm-up steps 0 -> 1", line);
    }

    [Fact]
    public void SimCseTrain_ResumeWithAnotherLearningRateAndAllowChanged_Continues()
    {
        using var dir = new TempDir();
        var output = dir.File("out");
        var (code, stderr) = InProcessCli.Run(Train(dir, output, "--learning-rate", "1e-3", "--eval-steps", "1"));
        Assert.True(code == 0, stderr);

        (code, stderr) = InProcessCli.Run(Train(dir, output, 3, "--learning-rate", "2e-3", "--eval-steps", "1", "--resume", "--allow-changed"));

        Assert.True(code == 0, stderr);
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "checkpoint", "trainer_state.json")));
        Assert.Equal(3, state.RootElement.GetProperty("global_step").GetInt32());
        Assert.Equal(2e-3, state.RootElement.GetProperty("options").GetProperty("learning_rate").GetDouble());
    }

    [Theory]
    [InlineData(false, 5e-4)]
    [InlineData(true, 3e-5)]
    public void SimCseTrain_NoLearningRate_NewModelAndFineTuningGetTheirOwnDefaults(bool fineTune, double expected)
    {
        using var dir = new TempDir();
        var output = dir.File("out");
        string[] args = fineTune
            ? ["simcse", "train", "--train-file", TinyCorpus.WriteRandom(dir, "corpus.txt", 16, seed: 1), "--model", TinyBert.SaveEncoderFolder(dir),
               "--output-dir", output, "--max-steps", "1"]
            : Train(dir, output, 1);

        var (code, stderr) = InProcessCli.Run(args);

        Assert.True(code == 0, stderr);
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "checkpoint", "trainer_state.json")));
        Assert.Equal(expected, state.RootElement.GetProperty("options").GetProperty("learning_rate").GetDouble());
    }

    [Fact]
    public void SimCseTrain_Help_StatesTheLearningRateRule()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            InProcessCli.Run("simcse", "train", "--help");
        }
        finally
        {
            Console.SetOut(previous);
        }
        var help = output.ToString();
        Assert.Contains("0.00003 when fine-tuning", help);
        Assert.Contains("0.0005 for a new model", help);
    }

    [Fact]
    public void Verbose_AfterACommand_AddsTheStackTraceToTheErrorLine()
    {
        using var dir = new TempDir();
        var missing = dir.File("missing.txt");
        var (code, stderr) = InProcessCli.Run("encode", "--model", TinyBert.SaveEncoderFolder(dir), "--input", missing, "--output", dir.File("e.npy"), "--verbose");

        Assert.Equal(CliRunner.BadInput, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(missing, lines[0]);
        Assert.Contains(lines, l => l.TrimStart().StartsWith("at "));
    }

    [Fact]
    public void SimCseTrain_ResumeWithChangedSimCseArguments_RefusedNamingEachDifference()
    {
        using var dir = new TempDir();
        var output = dir.File("out");
        var (code, stderr) = InProcessCli.Run(Train(dir, output, "--eval-steps", "1"));
        Assert.True(code == 0, stderr);

        var line = InProcessCli.AssertBadInput("simcse.Temperature 0.05 -> 0.1", Train(dir, output, 3, "--eval-steps", "1", "--resume",
            "--temp", "0.1", "--pooler", "avg", "--dropout", "0.2", "--max-seq-length", "16", "--hard-negative-weight", "1", "--mlp-only-train"));
        foreach (var difference in new[] { "simcse.Pooler Cls -> Avg", "new_model.HiddenDropoutProb 0.1 -> 0.2", "simcse.MaxSeqLength 32 -> 16",
                                           "simcse.HardNegativeWeight 0 -> 1", "simcse.MlpOnlyTrain False -> True" })
            Assert.Contains(difference, line);
    }

    [Fact]
    public void SeqRecTrain_BinarySequenceFile_OneLineNamingTheFileAndLine()
    {
        using var dir = new TempDir();
        var data = BinaryFile(dir);
        InProcessCli.AssertBadInput("is not text", "seqrec", "train", "--model", "sasrec", "--data", data, "--output-dir", dir.File("run"), "--max-steps", "1");
    }

    [Fact]
    public void SeqRecTrain_BinaryRatingLog_OneLineNamingTheFile()
    {
        using var dir = new TempDir();
        var data = BinaryFile(dir);
        InProcessCli.AssertBadInput(data, "seqrec", "train", "--model", "sasrec", "--data", data, "--format", "ratings",
                                    "--output-dir", dir.File("run"), "--max-steps", "1");
    }

    [Fact]
    public void EvalSts_BinaryFile_OneLineNamingIt()
    {
        using var dir = new TempDir();
        var data = BinaryFile(dir, "sts.csv");
        InProcessCli.AssertBadInput(data, "eval", "sts", "--model", TinyBert.SaveEncoderFolder(dir), "--data", data);
    }

    [Fact]
    public void EvalSts_ScoreOutsideZeroToFive_OneLineNamingTheLine()
    {
        using var dir = new TempDir();
        var sts = TinyCorpus.StsBenchmark(dir);
        var lines = File.ReadAllLines(sts);
        var columns = lines[2].Split('\t');
        columns[4] = "7.5";
        lines[2] = string.Join('\t', columns);
        File.WriteAllLines(sts, lines);
        InProcessCli.AssertBadInput(":3: score 7.5 is outside", "eval", "sts", "--model", TinyBert.SaveEncoderFolder(dir), "--data", sts);
    }

    [Theory]
    [InlineData("", "a dog")]
    [InlineData("a cat", "  ")]
    public void Similarity_EmptySentence_OneLineNamingIt(string a, string b)
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("is empty", "similarity", "--model", TinyBert.SaveEncoderFolder(dir), a, b);
    }

    [Fact]
    public void Encode_PoolingConfigWithAKeyTwice_OneLineNamingTheFile()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var pooling = Path.Combine(model, "1_Pooling", "config.json");
        File.WriteAllText(pooling, File.ReadAllText(pooling).Replace("{", "{\"pooling_mode_max_tokens\": false, ", StringComparison.Ordinal));
        var line = InProcessCli.AssertBadInput(pooling, "encode", "--model", model, "--input", TinyCorpus.WriteRandom(dir, "in.txt", 4, seed: 2),
                                               "--output", dir.File("e.npy"));
        Assert.Contains("appears twice", line);
    }

    [Fact]
    public void Search_EmptyQuery_OneLineNamingTheOption()
    {
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);
        var (code, stderr) = InProcessCli.Run("index", "build", "--model", model, "--corpus", TinyCorpus.WriteRandom(dir, "c.txt", 8, seed: 2), "--out", dir.File("index"));
        Assert.True(code == 0, stderr);
        InProcessCli.AssertBadInput("--query is empty", "search", "--index", dir.File("index"), "--query", " ");
    }

    [Fact]
    public void SeqRecEval_OnlyItemsUnknownToTheModel_OneLineNotAnInternalError()
    {
        using var dir = new TempDir();
        var data = dir.File("seq.txt");
        File.WriteAllLines(data, Enumerable.Range(1, 20).Select(u => $"u{u} {u % 7 + 1} {u % 5 + 1} {u % 3 + 1} {u % 4 + 2}"));
        var (code, stderr) = InProcessCli.Run("seqrec", "train", "--model", "sasrec", "--data", data, "--output-dir", dir.File("run"),
            "--hidden-size", "16", "--num-heads", "2", "--inner-size", "32", "--max-seq-length", "8", "--batch-size", "8", "--max-steps", "1");
        Assert.True(code == 0, stderr);
        var unknown = dir.File("unknown.txt");
        File.WriteAllLines(unknown, ["u1 901 902 903", "u2 904 905 906"]);
        InProcessCli.AssertBadInput("nothing to evaluate", "seqrec", "eval", "--model", dir.File("run/best"), "--data", unknown);
    }
}

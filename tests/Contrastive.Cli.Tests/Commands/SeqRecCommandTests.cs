using System.Text.Json;

namespace Contrastive.Cli.Tests.Commands;

public class SeqRecCommandTests
{
    /// <summary>A MovieLens-style rating log: users walk a cycle of 10 items from random starts, one per timestamp,
    /// written in shuffled line order (the reader must sort by time).</summary>
    static string RatingLog(TempDir dir, int users = 60, int seed = 1)
    {
        var rng = new Random(seed);
        var lines = new List<string>();
        for (int u = 1; u <= users; u++)
        {
            int start = rng.Next(10), length = rng.Next(4, 8);
            for (int t = 0; t < length; t++) lines.Add($"{u}\t{100 + (start + t) % 10}\t{rng.Next(1, 6)}\t{1000 + 10 * t}");
        }
        var path = dir.File("u.data");
        File.WriteAllLines(path, lines.OrderBy(_ => rng.Next()));
        return path;
    }

    static readonly string[] TinyModel =
        ["--hidden-size", "16", "--num-heads", "2", "--inner-size", "32", "--max-seq-length", "10", "--dropout", "0.1",
         "--batch-size", "16", "--learning-rate", "1e-2", "--epochs", "12", "--eval-epochs", "4"];

    [Theory]
    [InlineData("sasrec")]
    [InlineData("cl4srec")]
    [InlineData("coserec")]
    [InlineData("duorec")]
    public void TrainEvalRecommend_RatingLog_EndToEnd(string model)
    {
        using var dir = new TempDir();
        var data = RatingLog(dir);
        var output = dir.File("run");

        var (code, stderr) = InProcessCli.Run(["seqrec", "train", "--model", model, "--data", data, "--format", "ratings",
                                               "--k-core", "2", "--output-dir", output, "--seed", "5", .. TinyModel]);
        Assert.True(code == 0, stderr);
        foreach (var file in new[] { "config.json", "model.safetensors", "items.txt" })
            Assert.True(File.Exists(Path.Combine(output, "best", file)), file);
        Assert.True(File.Exists(Path.Combine(output, "results.json")));

        var json = dir.File("eval.json");
        (code, stderr) = InProcessCli.Run("seqrec", "eval", "--model", Path.Combine(output, "best"), "--data", data,
                                          "--format", "ratings", "--k-core", "2", "--out", json);
        Assert.True(code == 0, stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        double hit5 = report.RootElement.GetProperty("test").GetProperty("hit@5").GetDouble();
        Assert.True(hit5 > 0.8, $"test hit@5 {hit5}, chance is 0.5");
        Assert.Equal(60, report.RootElement.GetProperty("cases").GetInt32());
        // The evaluation of the saved best model reproduces the one written at the end of training.
        using var trained = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal(trained.RootElement.GetProperty("test").GetProperty("ndcg@10").GetDouble(),
                     report.RootElement.GetProperty("test").GetProperty("ndcg@10").GetDouble(), 12);

        (code, stderr) = InProcessCli.Run("seqrec", "recommend", "--model", Path.Combine(output, "best"), "--top-k", "3", "101", "102");
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void Train_MalformedRatingLine_OneErrorLineNamingFileAndLine()
    {
        using var dir = new TempDir();
        var data = dir.File("u.data");
        File.WriteAllText(data, "1\t10\t5\t100\n1\t11\tfive\t101\n");
        InProcessCli.AssertBadInput($"{data}:2", "seqrec", "train", "--model", "sasrec", "--data", data, "--format", "ratings",
                                    "--output-dir", dir.File("run"));
    }

    [Fact]
    public void Train_UnknownModel_OneErrorLine()
    {
        using var dir = new TempDir();
        var data = dir.File("seq.txt");
        File.WriteAllText(data, "u1 1 2 3\n");
        InProcessCli.AssertBadInput("gru4rec", "seqrec", "train", "--model", "gru4rec", "--data", data, "--output-dir", dir.File("run"));
    }

    [Fact]
    public void TrainRecommend_EmptyLineNonIntegerItemsOneInteractionUser_DocumentedRulesThenUnknownItemsSkippedOrError()
    {
        using var dir = new TempDir();
        var data = dir.File("seq.txt");
        // An empty line (skipped), non-integer items (opaque tokens), a user with one interaction (kept, no target).
        var rng = new Random(3);
        var lines = Enumerable.Range(1, 40).Select(u =>
        {
            int start = rng.Next(8);
            return $"u{u} " + string.Join(' ', Enumerable.Range(0, 5).Select(t => $"x{(start + t) % 8}"));
        }).ToList();
        lines.Insert(10, "");
        lines.Add("lonely x3");
        File.WriteAllLines(data, lines);
        var output = dir.File("run");
        var (code, stderr) = InProcessCli.Run(["seqrec", "train", "--model", "duorec", "--data", data, "--output-dir", output,
                                               "--seed", "2", .. TinyModel]);
        Assert.True(code == 0, stderr);
        using (var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json"))))
            Assert.Equal(40, results.RootElement.GetProperty("cases").GetInt32());   // the one-interaction user has none

        var best = Path.Combine(output, "best");
        (code, stderr) = InProcessCli.Run("seqrec", "recommend", "--model", best, "x1", "99999", "x2");
        Assert.True(code == 0, stderr);
        Assert.Contains("warning: skipped 1 item(s) unknown to the model", stderr);
        Assert.Contains("99999", stderr);
        InProcessCli.AssertBadInput("99999", "seqrec", "recommend", "--model", best, "99999", "x9");
    }

    [Fact]
    public void Train_ResumeWithChangedMethodArguments_RefusedNamingEachDifference()
    {
        using var dir = new TempDir();
        var data = RatingLog(dir);
        string[] Args(params string[] extra) =>
            ["seqrec", "train", "--model", "cl4srec", "--data", data, "--format", "ratings", "--output-dir", dir.File("run"), "--seed", "5",
             .. TinyModel, "--max-steps", "2", .. extra];
        var (code, stderr) = InProcessCli.Run(Args());
        Assert.True(code == 0, stderr);

        var line = InProcessCli.AssertBadInput("cl4srec.Lambda 0.1 -> 0.2", Args("--resume", "--cl-weight", "0.2", "--crop-eta", "0.5", "--reorder-beta", "0.5"));
        Assert.Contains("cl4srec.Eta 0.6 -> 0.5", line);
        Assert.Contains("cl4srec.Beta 0.6 -> 0.5", line);
    }
}

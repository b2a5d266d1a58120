namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class PlotCommandTests
{
    static string Run(TempDir dir, string name, params (int Step, double Knn)[] evals)
    {
        var folder = dir.File(name);
        Directory.CreateDirectory(folder);
        var lines = new List<string>();
        for (int step = 1; step <= evals[^1].Step; step++)
        {
            lines.Add($"{{\"step\":{step},\"epoch\":{step / 10.0},\"loss\":{5.0 / step},\"learning_rate\":0.001}}");
            foreach (var e in evals.Where(e => e.Step == step)) lines.Add($"{{\"step\":{step},\"eval\":{{\"knn_acc\":{e.Knn}}}}}");
        }
        File.WriteAllLines(Path.Combine(folder, "trainer_log.jsonl"), lines);
        return folder;
    }

    [Theory]
    [InlineData("knn_acc", "step")]
    [InlineData("loss", "epoch")]
    public void Curves_TwoRuns_WritesPng(string metric, string x)
    {
        using var dir = new TempDir();
        var a = Run(dir, "a", (10, 0.5), (20, 0.6));
        var b = Run(dir, "b", (10, 0.55), (20, 0.7), (30, 0.72));
        var png = dir.File("curves.png");
        var (code, stderr) = InProcessCli.Run("plot", "curves", "--run", $"moco={a}", "--run", $"supervised={b}", "--metric", metric, "--x", x, "--output", png);
        Assert.True(code == 0, stderr);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public void Curves_UnknownMetric_OneLineNamingTheMetricsThere()
    {
        using var dir = new TempDir();
        var a = Run(dir, "a", (10, 0.5));
        var line = InProcessCli.AssertBadInput("knn_acc", "plot", "curves", "--run", $"a={a}", "--metric", "ndcg@10", "--output", dir.File("x.png"));
        Assert.Contains("ndcg@10", line);
        Assert.False(File.Exists(dir.File("x.png")));
    }

    [Theory]
    [InlineData("no-label")]
    [InlineData("=path")]
    [InlineData("label=")]
    public void Curves_RunWithoutLabelOrPath_OneLineNamingIt(string run)
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput(run, "plot", "curves", "--run", run, "--output", dir.File("x.png"));
    }

    [Fact]
    public void Curves_MissingLog_OneLineNamingIt()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("trainer_log.jsonl", "plot", "curves", "--run", $"a={dir.Path}", "--output", dir.File("x.png"));
    }
}

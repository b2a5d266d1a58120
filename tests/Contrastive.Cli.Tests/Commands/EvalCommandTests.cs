using System.Text.Json;

namespace Contrastive.Cli.Tests.Commands;

public class EvalCommandTests
{
    [Fact]
    public void Baseline_TfIdf_WritesSpearmanForTheTask()
    {
        using var dir = new TempDir();
        var sts = TinyCorpus.StsBenchmark(dir, "sts-test.csv", pairs: 20);
        var json = dir.File("tfidf.json");
        var (code, stderr) = InProcessCli.Run("eval", "baseline", "--kind", "tfidf", "--corpus", TinyCorpus.WriteRandom(dir, "c.txt", 50, 2),
                                              "--data", sts, "--json", json);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.InRange(doc.RootElement.GetProperty("STSBenchmark").GetDouble(), -100, 100);
    }

    [Fact]
    public void Baseline_TfIdfWithoutCorpus_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("--corpus", "eval", "baseline", "--kind", "tfidf", "--data", TinyCorpus.StsBenchmark(dir));
    }

    [Fact]
    public void Baseline_UnknownKind_OneErrorLine()
    {
        using var dir = new TempDir();
        InProcessCli.AssertBadInput("bm25", "eval", "baseline", "--kind", "bm25", "--data", TinyCorpus.StsBenchmark(dir));
    }

    [Fact]
    public void Report_TwoResults_WritesAMarkdownRowPerEntryInOrder()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("a.json"), """{"STSBenchmark": 61.234, "avg": 61.234, "alignment": 0.5, "uniformity": -3.25}""");
        File.WriteAllText(dir.File("b.json"), """{"STSBenchmark": 40.0, "avg": 40.0}""");
        var md = dir.File("table.md");
        var (code, stderr) = InProcessCli.Run("eval", "report", $"first={dir.File("a.json")}", $"second one={dir.File("b.json")}", "--markdown", md);
        Assert.True(code == 0, stderr);
        var lines = File.ReadAllLines(md);
        Assert.Equal("| encoder | STSBenchmark | avg | alignment | uniformity |", lines[0]);
        Assert.Equal("| first | 61.23 | 61.23 | 0.500 | -3.250 |", lines[2]);
        Assert.Equal("| second one | 40.00 | 40.00 |  |  |", lines[3]);
    }

    [Fact]
    public void Report_EntryWithoutLabel_OneErrorLine() =>
        InProcessCli.AssertBadInput("results.json", "eval", "report", "results.json");
}

using Contrastive.Core;
using Contrastive.Text.Evaluation;

namespace Contrastive.Text.Tests.Evaluation;

public class StsSuiteTests
{
    const string StsbLines = "g\tf\t2012\t1\t4.0\tOne.\tTwo.\ng\tf\t2012\t2\t1.0\tThree.\tFour.\n";

    static void WriteYear(string stsRoot, string task)
    {
        var folder = Path.Combine(stsRoot, SentEvalStsReader.FolderName(task));
        Directory.CreateDirectory(folder);
        foreach (var subset in SentEvalStsReader.SubsetsByTask[task])
        {
            File.WriteAllText(Path.Combine(folder, $"STS.input.{subset}.txt"), $"{subset} a\t{subset} b\n{subset} c\t{subset} d\n");
            File.WriteAllText(Path.Combine(folder, $"STS.gs.{subset}.txt"), "1\n2\n");
        }
    }

    static void WriteStsb(string stsRoot)
    {
        Directory.CreateDirectory(Path.Combine(stsRoot, "STSBenchmark"));
        File.WriteAllText(Path.Combine(stsRoot, "STSBenchmark", "sts-test.csv"), StsbLines);
    }

    static void WriteSick(string downstream)
    {
        Directory.CreateDirectory(Path.Combine(downstream, "SICK"));
        File.WriteAllText(Path.Combine(downstream, "SICK", SickReader.TestFileName),
            "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment\n1\ta\tb\t3\tNEUTRAL\n2\tc\td\t1\tNEUTRAL\n3\te\tf\t5\tNEUTRAL\n");
    }

    [Fact]
    public void Load_SentEvalDownstreamFolder_FindsEveryTaskInTableOrder()
    {
        using var dir = new TempDir();
        var sts = Path.Combine(dir.Path, "STS");
        foreach (var task in new[] { "STS16", "STS12", "STS13", "STS14", "STS15" }) WriteYear(sts, task);
        WriteStsb(sts);
        WriteSick(dir.Path);

        var suite = StsSuite.Load(dir.Path);
        Assert.Equal(StsSuite.StandardTaskNames, suite.Tasks.Select(t => t.Name));
        Assert.Equal(10, suite.Find("STS12")!.PairCount);
        Assert.Equal(12, suite.Find("STS14")!.PairCount);
        Assert.Equal(2, suite.Find("STSBenchmark")!.PairCount);
        Assert.Equal(3, suite.Find("SICKRelatedness")!.PairCount);
    }

    [Fact]
    public void Load_StsFolderItself_FindsYearsStsbAndSiblingSick()
    {
        using var dir = new TempDir();
        var sts = Path.Combine(dir.Path, "STS");
        WriteYear(sts, "STS13");
        WriteStsb(sts);
        WriteSick(dir.Path);

        var suite = StsSuite.Load(sts);
        Assert.Equal(["STS13", "STSBenchmark", "SICKRelatedness"], suite.Tasks.Select(t => t.Name));
    }

    [Fact]
    public void Load_SingleStsbFile_IsStsBenchmarkOnly()
    {
        using var dir = new TempDir();
        var path = dir.File("sts-dev.csv");
        File.WriteAllText(path, StsbLines);
        var suite = StsSuite.Load(path);
        var task = Assert.Single(suite.Tasks);
        Assert.Equal("STSBenchmark", task.Name);
        Assert.Equal(["dev"], task.SubsetNames);
    }

    [Fact]
    public void Load_FolderHoldingStsTestCsv_IsStsBenchmark()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("sts-test.csv"), StsbLines);
        Assert.Equal(["STSBenchmark"], StsSuite.Load(dir.Path).Tasks.Select(t => t.Name));
    }

    [Fact]
    public void Load_EmptyFolder_ThrowsNamingPathAndWhatWasLookedFor()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ContrastiveException>(() => StsSuite.Load(dir.Path));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("STS12-en-test", e.Message);
        Assert.Contains("sts-test.csv", e.Message);
        Assert.Contains(SickReader.TestFileName, e.Message);
    }

    [Fact]
    public void Load_MissingPath_Throws()
    {
        using var dir = new TempDir();
        var path = dir.File("nowhere");
        Assert.Contains(path, Assert.Throws<ContrastiveException>(() => StsSuite.Load(path)).Message);
    }

    [Fact]
    public void Constructor_DuplicateTaskNames_Throws()
    {
        var task = new StsTask("STS12", "s", [new StsPair("a", "b", 1)]);
        Assert.Throws<ArgumentException>(() => new StsSuite([task, task]));
        Assert.Throws<ArgumentException>(() => new StsSuite([]));
    }

    [SkippableFact]
    public void Load_SharedStsFolder_FindsStsBenchmarkTest()
    {
        var folder = SharedData.Require("sts");
        var task = Assert.Single(StsSuite.Load(folder).Tasks);
        Assert.Equal("STSBenchmark", task.Name);
        Assert.Equal(1379, task.PairCount);
    }
}

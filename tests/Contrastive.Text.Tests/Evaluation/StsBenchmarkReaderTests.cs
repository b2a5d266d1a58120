using Contrastive.Core;
using Contrastive.Text.Evaluation;

namespace Contrastive.Text.Tests.Evaluation;

public class StsBenchmarkReaderTests
{
    [Fact]
    public void Read_LinesWithExtraColumnsAndQuotes_TakesScoreAndSentences()
    {
        using var dir = new TempDir();
        var path = dir.File("sts-test.csv");
        File.WriteAllText(path,
            "main-captions\tMSRvid\t2012test\t0024\t2.500\tA girl is styling her hair.\tA girl is brushing her hair.\n" +
            "main-forums\tanswer-answer\t2016\t0008\t3\tHe said \"no  way\t\"Not a  chance.\tStackExchange Network: x\tAuthor: y\n" +
            "\n" +
            "main-news\theadlines\t2015\t0001\t0.0\t  Leading spaces\tTrailing spaces   \n");
        var pairs = StsBenchmarkReader.Read(path);
        Assert.Equal(
            [
                new StsPair("A girl is styling her hair.", "A girl is brushing her hair.", 2.5),
                new StsPair("He said \"no way", "\"Not a chance.", 3.0),
                new StsPair("Leading spaces", "Trailing spaces", 0.0),
            ],
            pairs);
    }

    [Fact]
    public void Read_TooFewColumns_ThrowsWithFileAndLine()
    {
        using var dir = new TempDir();
        var path = dir.File("sts-dev.csv");
        File.WriteAllText(path,
            "g\tf\t2012\t1\t4.0\tOne.\tTwo.\n" +
            "g\tf\t2012\t2\t4.0\tOnly one sentence.\n");
        var e = Assert.Throws<ContrastiveException>(() => StsBenchmarkReader.Read(path));
        Assert.StartsWith($"{path}:2:", e.Message);
        Assert.Contains("found 6", e.Message);
    }

    [Fact]
    public void Read_NonNumericScore_ThrowsWithFileLineAndValue()
    {
        using var dir = new TempDir();
        var path = dir.File("sts-train.csv");
        File.WriteAllText(path, "g\tf\t2012\t1\t4.0\tOne.\tTwo.\ng\tf\t2012\t1\t4.0\tOne.\tTwo.\ng\tf\t2012\t3\tfour\tOne.\tTwo.\n");
        var e = Assert.Throws<ContrastiveException>(() => StsBenchmarkReader.Read(path));
        Assert.StartsWith($"{path}:3:", e.Message);
        Assert.Contains("'four'", e.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        var path = dir.File("absent.csv");
        var e = Assert.Throws<ContrastiveException>(() => StsBenchmarkReader.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ReadTask_TestFile_IsStsBenchmarkWithTestSubset()
    {
        using var dir = new TempDir();
        var path = dir.File("sts-test.csv");
        File.WriteAllText(path, "g\tf\t2012\t1\t4.0\tOne.\tTwo.\ng\tf\t2012\t2\t1.0\tThree.\tFour.\n");
        var task = StsBenchmarkReader.ReadTask(path);
        Assert.Equal("STSBenchmark", task.Name);
        Assert.Equal(["test"], task.SubsetNames);
        Assert.Equal(2, task.PairCount);
    }

    [SkippableFact]
    public void Read_SharedStsTest_Has1379PairsScoredZeroToFive()
    {
        var path = SharedData.Require("sts/sts-test.csv");
        var pairs = StsBenchmarkReader.Read(path);
        Assert.Equal(1379, pairs.Count);
        Assert.All(pairs, p => Assert.InRange(p.Score, 0.0, 5.0));
        Assert.Equal(0.0, pairs.Min(p => p.Score));
        Assert.Equal(5.0, pairs.Max(p => p.Score));
        Assert.Equal(new StsPair("A girl is styling her hair.", "A girl is brushing her hair.", 2.5), pairs[0]);
        Assert.All(pairs, p => Assert.False(string.IsNullOrEmpty(p.Sentence1) || string.IsNullOrEmpty(p.Sentence2)));
    }
}

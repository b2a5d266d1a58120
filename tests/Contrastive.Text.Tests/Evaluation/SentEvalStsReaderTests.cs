using Contrastive.Core;
using Contrastive.Text.Evaluation;

namespace Contrastive.Text.Tests.Evaluation;

public class SentEvalStsReaderTests
{
    static void WriteSubset(string folder, string subset, string input, string gold)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"STS.input.{subset}.txt"), input);
        File.WriteAllText(Path.Combine(folder, $"STS.gs.{subset}.txt"), gold);
    }

    [Fact]
    public void ReadSubset_EmptyGoldLine_DropsThatPair()
    {
        using var dir = new TempDir();
        WriteSubset(dir.Path, "MSRpar",
            "A man runs.\tA man is running.\nUnscored one.\tUnscored two.\nCats  sleep.\tDogs bark.\textra field\n",
            "4.2\n\n0.5\n");
        var pairs = SentEvalStsReader.ReadSubset(dir.Path, "MSRpar");
        Assert.Equal(
            [new StsPair("A man runs.", "A man is running.", 4.2), new StsPair("Cats sleep.", "Dogs bark.", 0.5)],
            pairs);
    }

    [Fact]
    public void ReadSubset_LineCountsDiffer_ThrowsNamingBothFiles()
    {
        using var dir = new TempDir();
        WriteSubset(dir.Path, "FNWN", "a\tb\nc\td\ne\tf\n", "1\n2\n");
        var e = Assert.Throws<ContrastiveException>(() => SentEvalStsReader.ReadSubset(dir.Path, "FNWN"));
        Assert.Contains(Path.Combine(dir.Path, "STS.input.FNWN.txt"), e.Message);
        Assert.Contains(Path.Combine(dir.Path, "STS.gs.FNWN.txt"), e.Message);
        Assert.Contains("3 lines", e.Message);
    }

    [Fact]
    public void ReadSubset_InputLineWithoutTab_ThrowsWithLine()
    {
        using var dir = new TempDir();
        WriteSubset(dir.Path, "OnWN", "a\tb\nno tab here\n", "1\n2\n");
        var e = Assert.Throws<ContrastiveException>(() => SentEvalStsReader.ReadSubset(dir.Path, "OnWN"));
        Assert.StartsWith(Path.Combine(dir.Path, "STS.input.OnWN.txt") + ":2:", e.Message);
    }

    [Fact]
    public void ReadSubset_BadScore_ThrowsWithGoldFileAndLine()
    {
        using var dir = new TempDir();
        WriteSubset(dir.Path, "OnWN", "a\tb\nc\td\n", "1\nhigh\n");
        var e = Assert.Throws<ContrastiveException>(() => SentEvalStsReader.ReadSubset(dir.Path, "OnWN"));
        Assert.StartsWith(Path.Combine(dir.Path, "STS.gs.OnWN.txt") + ":2:", e.Message);
    }

    [Fact]
    public void ReadTask_Sts13_ReadsItsThreeSubsetsInOrder()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, SentEvalStsReader.FolderName("STS13"));
        WriteSubset(folder, "FNWN", "a\tb\nc\td\n", "1\n2\n");
        WriteSubset(folder, "headlines", "e\tf\ng\th\ni\tj\n", "3\n4\n5\n");
        WriteSubset(folder, "OnWN", "k\tl\nm\tn\n", "0\n\n");
        var task = SentEvalStsReader.ReadTask(folder, "STS13");
        Assert.Equal("STS13", task.Name);
        Assert.Equal(["FNWN", "headlines", "OnWN"], task.SubsetNames);
        Assert.Equal(6, task.PairCount);
        Assert.Equal(new StsPair("i", "j", 5), task.Subsets["headlines"][2]);
    }

    [Fact]
    public void ReadTask_MissingSubsetFile_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        WriteSubset(dir.Path, "FNWN", "a\tb\n", "1\n");
        var e = Assert.Throws<ContrastiveException>(() => SentEvalStsReader.ReadTask(dir.Path, "STS13"));
        Assert.Contains(Path.Combine(dir.Path, "STS.input.headlines.txt"), e.Message);
    }

    [Fact]
    public void SubsetsByTask_MatchesSentEval()
    {
        Assert.Equal(["STS12", "STS13", "STS14", "STS15", "STS16"], SentEvalStsReader.SubsetsByTask.Keys.Order());
        Assert.Equal(["MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews"], SentEvalStsReader.SubsetsByTask["STS12"]);
        Assert.Equal(6, SentEvalStsReader.SubsetsByTask["STS14"].Count);
        Assert.Equal(["answer-answer", "headlines", "plagiarism", "postediting", "question-question"], SentEvalStsReader.SubsetsByTask["STS16"]);
        Assert.Throws<ArgumentException>(() => SentEvalStsReader.ReadTask(".", "STS17"));
    }
}

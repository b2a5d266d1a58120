using Contrastive.Core;
using Contrastive.Text.Evaluation;

namespace Contrastive.Text.Tests.Evaluation;

public class SickReaderTests
{
    const string Header = "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment\n";

    [Fact]
    public void Read_FileWithHeader_FindsColumnsByName()
    {
        using var dir = new TempDir();
        var path = dir.File(SickReader.TestFileName);
        File.WriteAllText(path, Header +
            "6\tThere is no boy playing outdoors and there is no man smiling\tA group of kids is playing in a yard\t3.3\tNEUTRAL\n" +
            "7\tA  person is on a beach\tA person is on the beach\t4.9\tENTAILMENT\n");
        var pairs = SickReader.Read(path);
        Assert.Equal(
            [
                new StsPair("There is no boy playing outdoors and there is no man smiling", "A group of kids is playing in a yard", 3.3),
                new StsPair("A person is on a beach", "A person is on the beach", 4.9),
            ],
            pairs);
    }

    [Fact]
    public void Read_ReorderedColumns_StillFoundByName()
    {
        using var dir = new TempDir();
        var path = dir.File("sick.txt");
        File.WriteAllText(path, "relatedness_score\tsentence_B\tsentence_A\n2.5\tsecond\tfirst\n");
        Assert.Equal([new StsPair("first", "second", 2.5)], SickReader.Read(path));
    }

    [Fact]
    public void Read_MissingColumn_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        var path = dir.File("sick.txt");
        File.WriteAllText(path, "pair_ID\tsentence_A\tsentence_B\n1\ta\tb\n");
        var e = Assert.Throws<ContrastiveException>(() => SickReader.Read(path));
        Assert.Contains("relatedness_score", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_BadScore_ThrowsWithLine()
    {
        using var dir = new TempDir();
        var path = dir.File("sick.txt");
        File.WriteAllText(path, Header + "1\ta\tb\t3\tNEUTRAL\n2\tc\td\t?\tNEUTRAL\n");
        var e = Assert.Throws<ContrastiveException>(() => SickReader.Read(path));
        Assert.StartsWith($"{path}:3:", e.Message);
    }

    [Fact]
    public void ReadTask_IsSickRelatednessWithTestSubset()
    {
        using var dir = new TempDir();
        var path = dir.File(SickReader.TestFileName);
        File.WriteAllText(path, Header + "1\ta\tb\t3\tNEUTRAL\n2\tc\td\t1\tNEUTRAL\n");
        var task = SickReader.ReadTask(path);
        Assert.Equal("SICKRelatedness", task.Name);
        Assert.Equal(["test"], task.SubsetNames);
        Assert.Equal(2, task.PairCount);
    }
}

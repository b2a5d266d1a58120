using Contrastive.Core;
using Contrastive.Sequences.Data;

namespace Contrastive.Sequences.Tests.Data;

public class InteractionSequenceReaderTests
{
    [Fact]
    public void Read_SequencesLines_KeepsOrderAndDropsEmptyUsers()
    {
        using var dir = new TempDir();
        var path = dir.File("seq.txt");
        File.WriteAllText(path, "u1 10 20 30\n\nu2\tb a\nu3\nu4 7\n");
        var data = InteractionSequenceReader.Read(path);
        Assert.Equal(["u1", "u2", "u4"], data.Users.Select(u => u.User));
        Assert.Equal(["10", "20", "30"], data.Users[0].Items);
        Assert.Equal(["b", "a"], data.Users[1].Items);
        Assert.Equal(1, data.DroppedUsers);
    }

    [Fact]
    public void Read_UserOnTwoLines_ErrorNamesFileAndLines()
    {
        using var dir = new TempDir();
        var path = dir.File("seq.txt");
        File.WriteAllText(path, "u1 1 2\nu2 3\nu1 4\n");
        var e = Assert.Throws<ContrastiveException>(() => InteractionSequenceReader.Read(path));
        Assert.Contains($"{path}:3", e.Message);
        Assert.Contains("line 1", e.Message);
    }

    [Fact]
    public void Read_MissingFile_ErrorNamesIt()
    {
        var e = Assert.Throws<ContrastiveException>(() => InteractionSequenceReader.Read("/nonexistent/seq.txt"));
        Assert.Contains("/nonexistent/seq.txt", e.Message);
    }
}

using Contrastive.Core;
using Contrastive.Sequences.Data;

namespace Contrastive.Sequences.Tests.Data;

public class RatingLogReaderTests
{
    [Fact]
    public void Read_RatingLog_SortsEachUserByTimestampTiesInFileOrder()
    {
        using var dir = new TempDir();
        var path = dir.File("u.data");
        File.WriteAllText(path, "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t51\t2\t881250900\n" +
                                "196\t9\t5\t881250949\n186\t1\t1\t891717000\n");
        var data = RatingLogReader.Read(path);
        Assert.Equal(["196", "186"], data.Users.Select(u => u.User));
        Assert.Equal(["51", "242", "9"], data.Users[0].Items);      // 881250900 < 881250949 (242 before 9: file order)
        Assert.Equal(["1", "302"], data.Users[1].Items);
    }

    [Theory]
    [InlineData("1\t2\t3\n", "expected 4 fields")]
    [InlineData("1\t2\tfive\t100\n", "rating 'five'")]
    [InlineData("1\t2\t5\tyesterday\n", "timestamp 'yesterday'")]
    public void Read_BadLine_ErrorNamesFileAndLine(string badLine, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("u.data");
        File.WriteAllText(path, "1\t2\t5\t100\n" + badLine);
        var e = Assert.Throws<ContrastiveException>(() => RatingLogReader.Read(path));
        Assert.Contains($"{path}:2", e.Message);
        Assert.Contains(expected, e.Message);
    }
}

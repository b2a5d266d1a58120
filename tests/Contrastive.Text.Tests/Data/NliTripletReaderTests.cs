using Contrastive.Core;
using Contrastive.Text.Data;

namespace Contrastive.Text.Tests.Data;

public class NliTripletReaderTests
{
    static string Write(TempDir dir, string name, string content)
    {
        var path = dir.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Read_CsvWithHeaderAndThreeColumns_ReadsTriplets()
    {
        using var dir = new TempDir();
        var path = Write(dir, "nli.csv", "sent0,sent1,hard_neg\nA man sleeps.,A person rests.,A man runs.\nTwo dogs play.,Animals play.,Cats sleep.\n");
        Assert.Equal(
        [
            new SentenceTriplet("A man sleeps.", "A person rests.", "A man runs."),
            new SentenceTriplet("Two dogs play.", "Animals play.", "Cats sleep."),
        ], NliTripletReader.Read(path));
    }

    [Fact]
    public void Read_QuotedFields_UnquotesCommasAndDoubledQuotes()
    {
        using var dir = new TempDir();
        var path = Write(dir, "nli.csv", "\"Hi, there\",\"She said \"\"no\"\".\",plain\r\na, \"b,c\" ,d\n");
        Assert.Equal(
        [
            new SentenceTriplet("Hi, there", "She said \"no\".", "plain"),
            new SentenceTriplet("a", "b,c", "d"),
        ], NliTripletReader.Read(path));
    }

    [Fact]
    public void Read_TsvTwoColumnsNoHeader_ReadsPairsWithoutHardNegative()
    {
        using var dir = new TempDir();
        var path = Write(dir, "pairs.tsv", "A man, sleeping.\tA person rests.\n\nDogs play.\tAnimals play.\n");
        Assert.Equal(
        [
            new SentenceTriplet("A man, sleeping.", "A person rests."),
            new SentenceTriplet("Dogs play.", "Animals play."),
        ], NliTripletReader.Read(path));
    }

    [Fact]
    public void Read_UppercaseTwoColumnHeader_IsSkipped()
    {
        using var dir = new TempDir();
        var path = Write(dir, "pairs.csv", "SENT0,Sent1\na,b\n");
        Assert.Equal([new SentenceTriplet("a", "b")], NliTripletReader.Read(path));
    }

    [Theory]
    [InlineData("a,b,c\nd\n", 2, "expected 2 or 3 columns, found 1")]
    [InlineData("a,b,c,d\n", 1, "expected 2 or 3 columns, found 4")]
    [InlineData("sent0,sent1,hard_neg\na,b,c\nd,e\n", 3, "expected 3 columns as on line 1, found 2")]
    [InlineData("a,b\n\nc,,d\n", 3, "expected 2 columns as on line 1, found 3")]
    [InlineData("a,b,c\nd, ,f\n", 2, "column 2 (sent1) is empty")]
    [InlineData("a,\"b,c\n", 1, "unterminated quoted field")]
    [InlineData("a,\"b\"x,c\n", 1, "after the closing quote")]
    public void Read_BadLine_ThrowsWithFileAndLine(string content, int line, string expected)
    {
        using var dir = new TempDir();
        var path = Write(dir, "bad.csv", content);
        var e = Assert.Throws<ContrastiveException>(() => NliTripletReader.Read(path));
        Assert.Contains($"{path}:{line}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Read_MissingOrHeaderOnly_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var missing = dir.File("missing.csv");
        Assert.Contains(missing, Assert.Throws<ContrastiveException>(() => NliTripletReader.Read(missing)).Message);
        var headerOnly = Write(dir, "header.csv", "sent0,sent1,hard_neg\n");
        Assert.Contains(headerOnly, Assert.Throws<ContrastiveException>(() => NliTripletReader.Read(headerOnly)).Message);
    }

    [SkippableFact]
    public void Read_SnliTriplets_ReadsAllWithHardNegatives()
    {
        var triplets = NliTripletReader.Read(SharedData.Require("text/snli_devtest_triplets.csv"));
        Assert.Equal(5864, triplets.Count);
        Assert.All(triplets, t => Assert.False(string.IsNullOrEmpty(t.HardNegative)));
        Assert.StartsWith("Two young children in blue jerseys , one with", triplets[1].Anchor);
    }
}

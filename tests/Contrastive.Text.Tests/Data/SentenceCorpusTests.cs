using Contrastive.Core;
using Contrastive.Text.Data;

namespace Contrastive.Text.Tests.Data;

public class SentenceCorpusTests
{
    [Fact]
    public void ReadLines_BlankAndPaddedLines_TrimmedAndSkipped()
    {
        using var dir = new TempDir();
        var path = dir.File("corpus.txt");
        File.WriteAllText(path, "  A man is playing a guitar.  \n\n\t\nA woman is reading.\r\nThe cat sat.");
        Assert.Equal(["A man is playing a guitar.", "A woman is reading.", "The cat sat."], SentenceCorpus.ReadLines(path));
    }

    [Fact]
    public void ReadLines_SeveralFiles_ConcatenatedInOrder()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("a.txt"), ["one", "two"]);
        File.WriteAllLines(dir.File("b.txt"), ["three"]);
        Assert.Equal(["three", "one", "two"], SentenceCorpus.ReadLines([dir.File("b.txt"), dir.File("a.txt")]));
    }

    [Fact]
    public void ReadLines_MissingFile_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var path = dir.File("missing.txt");
        var e = Assert.Throws<ContrastiveException>(() => SentenceCorpus.ReadLines(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void ReadLines_OnlyBlankLines_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("good.txt"), ["fine"]);
        var blank = dir.File("blank.txt");
        File.WriteAllText(blank, "\n  \n\n");
        Assert.Contains(blank, Assert.Throws<ContrastiveException>(() => SentenceCorpus.ReadLines(blank)).Message);
        Assert.Contains(blank, Assert.Throws<ContrastiveException>(() => SentenceCorpus.ReadLines([dir.File("good.txt"), blank])).Message);
        Assert.Throws<ContrastiveException>(() => SentenceCorpus.ReadLines(Array.Empty<string>()));
    }

    [SkippableFact]
    public void ReadLines_WikiText_ReadsEverySentence()
    {
        var sentences = SentenceCorpus.ReadLines(SharedData.Require("text/wikitext2_validtest_sentences.txt"));
        Assert.Equal(4828, sentences.Count);
        Assert.All(sentences, s => Assert.Equal(s.Trim(), s));
    }

    [Fact]
    public void ReadLines_TsvFile_TakesLastColumn()
    {
        using var dir = new TempDir();
        var path = dir.File("s.tsv");
        File.WriteAllText(path, "MR\tsimplistic , silly .\nSST2\t a good film \nno tab here\n");
        Assert.Equal(new[] { "simplistic , silly .", "a good film", "no tab here" }, SentenceCorpus.ReadLines(path));
    }
}

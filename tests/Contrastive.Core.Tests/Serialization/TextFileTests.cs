using System.Text;
using Contrastive.Core.Serialization;

namespace Contrastive.Core.Tests.Serialization;

public class TextFileTests
{
    [Fact]
    public void ReadLines_Utf8Text_AllLines()
    {
        using var dir = new TempDir();
        var path = dir.File("a.txt");
        File.WriteAllText(path, "caf\u00e9\nna\u00efve \u2014 \U0001F600\n", new UTF8Encoding(true));

        Assert.Equal(["caf\u00e9", "na\u00efve \u2014 \U0001F600"], TextFile.ReadLines(path, "corpus file"));
    }

    [Fact]
    public void ReadLines_NulByte_RefusedNamingTheLine()
    {
        using var dir = new TempDir();
        var path = dir.File("a.txt");
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("one\ntwo\nthr\0ee\n"));

        var e = Assert.Throws<ContrastiveException>(() => TextFile.ReadLines(path, "corpus file").ToList());
        Assert.Contains($"'{path}'", e.Message);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void ReadLines_MostlyInvalidUtf8_RefusedNamingTheFirstBadLine()
    {
        using var dir = new TempDir();
        var path = dir.File("a.txt");
        File.WriteAllBytes(path, [.. "ok\n"u8, .. Encoding.Latin1.GetBytes("caf\u00e9\n"), .. Encoding.Latin1.GetBytes("d\u00e9j\u00e0\n")]);

        var e = Assert.Throws<ContrastiveException>(() => TextFile.ReadLines(path, "corpus file").ToList());
        Assert.Contains("2 of 3 lines", e.Message);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void ReadLines_OneInvalidLineInMoreThanAHundred_Accepted()
    {
        using var dir = new TempDir();
        var path = dir.File("a.txt");
        var lines = Enumerable.Range(0, 150).Select(i => Encoding.UTF8.GetBytes($"sentence {i}\n")).ToList();
        lines[70] = Encoding.Latin1.GetBytes("caf\u00e9\n");
        File.WriteAllBytes(path, lines.SelectMany(l => l).ToArray());

        Assert.Equal(150, TextFile.ReadLines(path, "corpus file").Count());
    }

    [Fact]
    public void ReadLines_Folder_ReportedAsAFolder()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ContrastiveException>(() => TextFile.ReadLines(dir.Path, "corpus file"));
        Assert.Equal($"The corpus file '{dir.Path}' is a folder, not a file.", e.Message);
    }
}

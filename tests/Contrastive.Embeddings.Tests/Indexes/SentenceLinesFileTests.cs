using Contrastive.Core;
using Contrastive.Embeddings.Indexes;

namespace Contrastive.Embeddings.Tests.Indexes;

public class SentenceLinesFileTests
{
    [Fact]
    public void SaveLoad_AwkwardSentences_RoundTripOneLineEach()
    {
        using var dir = new TempDir();
        string[] sentences = ["", " padded ", "a\r\nb", "\"quoted\" \\ back", "tab\there", "é 東京 🙂", "\u0001 control", "\u2028\u2029"];
        var path = dir.File("sentences.jsonl");

        SentenceLinesFile.Save(path, sentences);

        Assert.Equal(sentences, SentenceLinesFile.Load(path));
        var lines = File.ReadAllText(path).Split('\n');
        Assert.Equal(sentences.Length + 1, lines.Length);   // one line each, then the final newline
        Assert.StartsWith("\"é 東京 ", lines[5]);            // non-ASCII text is kept readable (astral characters are escaped)
    }

    [Theory]
    [InlineData("\"ok\"\nnot json\n", 2)]
    [InlineData("\"ok\"\n\"ok\"\n42\n", 3)]
    [InlineData("null\n", 1)]
    [InlineData("\"ok\"\n\n\"ok\"\n", 2)]
    public void Load_LineNotAJsonString_ThrowsNamingFileAndLine(string text, int line)
    {
        using var dir = new TempDir();
        var path = dir.File("sentences.jsonl");
        File.WriteAllText(path, text);

        var message = Assert.Throws<ContrastiveException>(() => SentenceLinesFile.Load(path)).Message;

        Assert.Contains(path, message);
        Assert.Contains($"line {line} ", message);
    }
}

using System.Text.Json.Nodes;
using Contrastive.Core;
using Contrastive.Tests;
using Contrastive.Text.Inference;

namespace Contrastive.Text.Tests.Inference;

public class SentenceEncoderManifestTests
{
    [Fact]
    public void SaveThenTryLoad_RoundTripsWithSnakeCaseNames()
    {
        using var dir = new TempDir();

        new SentenceEncoderManifest("avg_top2", 48).Save(dir.Path);

        Assert.Equal(new SentenceEncoderManifest("avg_top2", 48), SentenceEncoderManifest.TryLoad(dir.Path));
        var json = JsonNode.Parse(File.ReadAllText(dir.File(SentenceEncoderManifest.FileName)))!.AsObject();
        Assert.Equal("avg_top2", (string?)json["pooler"]);
        Assert.Equal(48, (int?)json["max_seq_length"]);
        Assert.Equal(SentenceEncoderManifest.FormatName, (string?)json["format"]);
        Assert.Equal(1, (int?)json["version"]);
    }

    [Fact]
    public void TryLoad_NoFile_ReturnsNull()
    {
        using var dir = new TempDir();

        Assert.Null(SentenceEncoderManifest.TryLoad(dir.Path));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"pooler\": \"cls\", \"max_seq_length\": 32, \"format\": \"something-else\"}")]
    [InlineData("{\"pooler\": \"\", \"max_seq_length\": 32, \"format\": \"contrastive-sentence-encoder\"}")]
    [InlineData("{\"pooler\": \"cls\", \"max_seq_length\": 2, \"format\": \"contrastive-sentence-encoder\"}")]
    [InlineData("null")]
    public void TryLoad_InvalidFile_ThrowsNamingIt(string content)
    {
        using var dir = new TempDir();
        var path = dir.File(SentenceEncoderManifest.FileName);
        File.WriteAllText(path, content);

        var e = Assert.Throws<ContrastiveException>(() => SentenceEncoderManifest.TryLoad(dir.Path));

        Assert.StartsWith(path, e.Message);
    }
}

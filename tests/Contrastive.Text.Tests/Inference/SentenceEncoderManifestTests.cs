using Contrastive.Core;
using Contrastive.Text.Inference;

namespace Contrastive.Text.Tests.Inference;

public class SentenceEncoderManifestTests
{
    [Fact]
    public void TryLoad_FileOfAnEarlierVersion_ReadsSnakeCaseNames()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File(SentenceEncoderManifest.FileName),
            """{"pooler": "avg_top2", "max_seq_length": 48, "format": "contrastive-sentence-encoder", "version": 1}""");

        var manifest = SentenceEncoderManifest.TryLoad(dir.Path);

        Assert.Equal(new SentenceEncoderManifest("avg_top2", 48), manifest);
        Assert.Equal(Contrastive.Text.Pooling.PoolerType.AvgTop2, manifest!.ParsePooler(dir.Path));
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

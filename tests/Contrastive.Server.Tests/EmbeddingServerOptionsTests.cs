using Contrastive.Core;

namespace Contrastive.Server.Tests;

public sealed class EmbeddingServerOptionsTests
{
    [Fact]
    public void Defaults_AreTextEmbeddingsInferencesPayloadLimitAndValid()
    {
        var options = new EmbeddingServerOptions();

        options.Validate();
        Assert.Equal(2_000_000, options.MaxRequestBytes);
        Assert.Equal(256, options.MaxBatchSize);
    }

    [Theory]
    [InlineData(0, 2_000_000L, 1, 64, "batch size")]
    [InlineData(8, 10L, 1, 64, "request size")]
    [InlineData(8, 2_000_000L, 0, 64, "top_k")]
    [InlineData(8, 2_000_000L, 1, 0, "encoder batch size")]
    public void Validate_NonPositiveLimit_ThrowsNamingIt(int maxBatch, long maxBytes, int maxTopK, int encoderBatch, string named)
    {
        var options = new EmbeddingServerOptions(null, maxBatch, maxBytes, maxTopK, encoderBatch);

        var error = Assert.Throws<ContrastiveException>(options.Validate);
        Assert.Contains(named, error.Message);
    }
}

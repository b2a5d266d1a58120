using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Tokenization;

public class TokenizedBatchTests
{
    [Fact]
    public void Constructor_MismatchedShapes_Throws()
    {
        using var ids = zeros(2, 3, ScalarType.Int64);
        using var mask = zeros(2, 4, ScalarType.Int64);
        using var types = zeros(2, 3, ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => new TokenizedBatch(ids, mask, types));
    }

    [Fact]
    public void Dispose_DisposesAllTensors()
    {
        var batch = new TokenizedBatch(zeros(2, 3, ScalarType.Int64), ones(2, 3, ScalarType.Int64), zeros(2, 3, ScalarType.Int64));
        Assert.Equal((2, 3), (batch.BatchSize, batch.SequenceLength));
        batch.Dispose();
        Assert.True(batch.InputIds.IsInvalid);
        Assert.True(batch.AttentionMask.IsInvalid);
        Assert.True(batch.TokenTypeIds.IsInvalid);
    }
}

using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public class PaddedTokensTests
{
    [Fact]
    public void Pad_MixedLengths_PadsToLongestWithMask()
    {
        var padded = PaddedTokens.Pad([[2, 7, 3], [2, 3], [2, 8, 9, 3]], padId: 0);
        Assert.Equal([3L, 4L], padded.Shape);
        Assert.Equal([2L, 7, 3, 0, 2, 3, 0, 0, 2, 8, 9, 3], padded.InputIds);
        Assert.Equal([1L, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1], padded.AttentionMask);
    }

    [Fact]
    public void Pad_Empty_Throws() => Assert.Throws<ArgumentException>(() => PaddedTokens.Pad([], 0));

    [Fact]
    public void LongestFirst_TiesKeepTheirOrder()
    {
        IReadOnlyList<int>[] sequences = [[1, 2], [1, 2, 3], [4, 5], [1]];
        Assert.Equal([1, 0, 2, 3], PaddedTokens.LongestFirst(sequences));
    }

    [Fact]
    public void From_Padded_TensorsOfTheSameValues()
    {
        var padded = PaddedTokens.Pad([[2, 7, 3], [2, 3]], padId: 0);
        using var batch = TokenizedBatch.From(padded);
        Assert.Equal(padded.InputIds, batch.InputIds.data<long>().ToArray());
        Assert.Equal(padded.AttentionMask, batch.AttentionMask.data<long>().ToArray());
        Assert.All(batch.TokenTypeIds.data<long>().ToArray(), v => Assert.Equal(0L, v));
    }
}

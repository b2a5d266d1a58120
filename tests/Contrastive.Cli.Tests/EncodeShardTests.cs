using Contrastive.Core;

namespace Contrastive.Cli.Tests;

public class EncodeShardTests
{
    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("2/4", 2, 4)]
    public void Parse_IOfN_IndexAndCount(string text, int index, int count) =>
        Assert.Equal(new EncodeShard(index, count), EncodeShard.Parse(text));

    [Theory]
    [InlineData("4/4")]
    [InlineData("1")]
    [InlineData("-1/3")]
    [InlineData("a/b")]
    [InlineData("0/0")]
    public void Parse_Malformed_ErrorNamingTheOption(string text) =>
        Assert.Contains("--shard", Assert.Throws<ContrastiveException>(() => EncodeShard.Parse(text)).Message);

    [Theory]
    [InlineData(1000, 3, 4)]
    [InlineData(10, 4, 2)]
    [InlineData(0, 2, 8)]
    [InlineData(129, 2, 4)]
    public void Rows_AllShards_CoverTheCorpusContiguouslyInWholeBlocks(int rows, int shards, int batch)
    {
        int next = 0;
        for (int i = 0; i < shards; i++)
        {
            var (start, end) = new EncodeShard(i, shards).Rows(rows, batch);
            Assert.Equal(next, start);
            Assert.True(end >= start);
            Assert.True(end == rows || end % EncodeShard.BlockRows(batch) == 0, $"shard {i} ends at {end}, inside a block");
            next = end;
        }
        Assert.Equal(rows, next);
    }
}

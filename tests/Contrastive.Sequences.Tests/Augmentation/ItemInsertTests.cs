using Contrastive.Sequences.Augmentation;

namespace Contrastive.Sequences.Tests.Augmentation;

public class ItemInsertTests
{
    [Fact]
    public void Apply_RateOne_InsertsTheCorrelatedItemBeforeEveryItem()
    {
        var result = new ItemInsert(ItemSubstituteTests.PlusTen(), rate: 1).Apply([1, 2, 3], new Random(1));
        Assert.Equal([11, 1, 12, 2, 13, 3], result);
    }

    [Theory]
    [InlineData(0.5, 4, 2)]
    [InlineData(0.5, 1, 1)]
    [InlineData(0.4, 9, 3)]
    public void Apply_InsertsMaxOneFloorRateTimesLength_EachBeforeTheItemItCorrelatesWith(double rate, int length, int expected)
    {
        var items = Enumerable.Range(1, length).ToArray();
        var augmentation = new ItemInsert(ItemSubstituteTests.PlusTen(), rate);
        for (int seed = 0; seed < 20; seed++)
        {
            var result = augmentation.Apply(items, new Random(seed));
            Assert.Equal(length + expected, result.Length);
            Assert.Equal(items, result.Where(i => i <= 10));                    // the original order is kept
            for (int i = 0; i < result.Length; i++)
                if (result[i] > 10) Assert.Equal(result[i] - 10, result[i + 1]);  // inserted just before its item
        }
    }
}

using Contrastive.Sequences.Augmentation;

namespace Contrastive.Sequences.Tests.Augmentation;

public class ItemSubstituteTests
{
    /// <summary>Items 1..10, item i's only correlated item is i + 10 (and back).</summary>
    internal static ItemCorrelation PlusTen() =>
        new(Enumerable.Range(1, 20).Select(i => new[] { i <= 10 ? i + 10 : i - 10 }).ToArray());

    [Fact]
    public void Apply_RateOne_SubstitutesEveryItem()
    {
        var result = new ItemSubstitute(PlusTen(), rate: 1).Apply([1, 2, 3, 4], new Random(1));
        Assert.Equal([11, 12, 13, 14], result);
    }

    [Theory]
    [InlineData(0.05, 10, 1)]     // max(1, floor(0.5))
    [InlineData(0.3, 10, 3)]
    [InlineData(0.1, 3, 1)]
    public void Apply_SubstitutesExactlyMaxOneFloorRateTimesLength_KeepsTheRest(double rate, int length, int expected)
    {
        var items = Enumerable.Range(1, length).ToArray();
        var augmentation = new ItemSubstitute(PlusTen(), rate);
        Assert.Equal(expected, augmentation.SubstituteCount(length));
        for (int seed = 0; seed < 20; seed++)
        {
            var result = augmentation.Apply(items, new Random(seed));
            Assert.Equal(length, result.Length);
            Assert.Equal(expected, result.Where((item, i) => item != items[i]).Count());
            Assert.All(result.Select((item, i) => (item, i)).Where(p => p.item != items[p.i]), p => Assert.Equal(items[p.i] + 10, p.item));
        }
        Assert.Equal(augmentation.Apply(items, new Random(7)), augmentation.Apply(items, new Random(7)));
    }

    [Fact]
    public void Constructor_BadRate_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemSubstitute(PlusTen(), 0));
}

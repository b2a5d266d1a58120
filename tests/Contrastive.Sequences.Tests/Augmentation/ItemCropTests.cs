using Contrastive.Sequences.Augmentation;

namespace Contrastive.Sequences.Tests.Augmentation;

public class ItemCropTests
{
    [Theory]
    [InlineData(10, 6)]
    [InlineData(5, 3)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    public void Apply_KeepsAContiguousSpanOfFloorEtaTimesLength(int length, int expected)
    {
        var items = Enumerable.Range(1, length).ToArray();
        var crop = new ItemCrop(0.6);
        for (int seed = 0; seed < 20; seed++)
        {
            var view = crop.Apply(items, new Random(seed));
            Assert.Equal(expected, view.Length);
            for (int i = 1; i < view.Length; i++) Assert.Equal(view[i - 1] + 1, view[i]);   // contiguous, in order
            Assert.InRange(view[0], 1, length - expected + 1);
        }
    }

    [Fact]
    public void Apply_StartsAtEveryPossiblePosition()
    {
        var items = Enumerable.Range(1, 10).ToArray();
        var crop = new ItemCrop(0.6);
        var rng = new Random(3);
        var starts = Enumerable.Range(0, 200).Select(_ => crop.Apply(items, rng)[0]).ToHashSet();
        Assert.Equal(Enumerable.Range(1, 5).ToHashSet(), starts);
    }

    [Fact]
    public void Constructor_EtaOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemCrop(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemCrop(1.5));
    }
}

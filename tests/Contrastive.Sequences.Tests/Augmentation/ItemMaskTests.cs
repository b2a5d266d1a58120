using Contrastive.Sequences.Augmentation;

namespace Contrastive.Sequences.Tests.Augmentation;

public class ItemMaskTests
{
    [Theory]
    [InlineData(10, 3)]
    [InlineData(7, 2)]
    [InlineData(3, 0)]
    public void Apply_MasksFloorGammaTimesLengthPositionsWithTheMaskToken(int length, int masked)
    {
        var items = Enumerable.Range(1, length).ToArray();
        const int maskId = 100;
        var mask = new ItemMask(maskId, 0.3);
        for (int seed = 0; seed < 20; seed++)
        {
            var view = mask.Apply(items, new Random(seed));
            Assert.Equal(length, view.Length);
            Assert.Equal(masked, view.Count(i => i == maskId));
            Assert.DoesNotContain(0, view);                                      // never the padding id
            for (int i = 0; i < length; i++) Assert.True(view[i] == items[i] || view[i] == maskId);
        }
    }

    [Fact]
    public void Apply_DoesNotModifyTheInput()
    {
        var items = new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
        new ItemMask(11, 0.5).Apply(items, new Random(1));
        Assert.Equal(Enumerable.Range(1, 10), items);
    }

    [Fact]
    public void Constructor_PaddingAsMaskId_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ItemMask(0));
}

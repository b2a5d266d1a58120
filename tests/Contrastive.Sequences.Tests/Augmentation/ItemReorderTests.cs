using Contrastive.Sequences.Augmentation;

namespace Contrastive.Sequences.Tests.Augmentation;

public class ItemReorderTests
{
    [Fact]
    public void Apply_KeepsTheMultisetAndChangesOnlyOneSpanOfFloorBetaTimesLength()
    {
        var items = new[] { 5, 3, 5, 9, 1, 7, 7, 2, 8, 4 };
        var reorder = new ItemReorder(0.6);
        bool changed = false;
        for (int seed = 0; seed < 50; seed++)
        {
            var view = reorder.Apply(items, new Random(seed));
            Assert.Equal(items.OrderBy(i => i), view.OrderBy(i => i));          // same multiset
            var differing = Enumerable.Range(0, items.Length).Where(i => items[i] != view[i]).ToArray();
            if (differing.Length > 0)
            {
                changed = true;
                Assert.True(differing[^1] - differing[0] < 6, $"positions {string.Join(",", differing)} span more than 6");
            }
        }
        Assert.True(changed, "no draw reordered anything");
    }

    [Fact]
    public void Apply_SameSeed_SameView()
    {
        var items = Enumerable.Range(1, 20).ToArray();
        var reorder = new ItemReorder(0.6);
        Assert.Equal(reorder.Apply(items, new Random(7)), reorder.Apply(items, new Random(7)));
    }
}

using Contrastive.Core;
using Contrastive.Sequences.Augmentation;
using Contrastive.Sequences.Training;

namespace Contrastive.Sequences.Tests.Augmentation;

public class CoSeRecAugmentationTests
{
    sealed class Marker(int id) : ISequenceAugmentation
    {
        public int[] Apply(IReadOnlyList<int> items, Random random) => [id];
    }

    [Fact]
    public void Apply_AtMostThresholdGetsTheShortChoices_LongerTheLongOnes()
    {
        var augmentation = new CoSeRecAugmentation(3, [new Marker(1), new Marker(2)], [new Marker(7), new Marker(8), new Marker(9)]);
        var random = new Random(5);
        var fromShort = Enumerable.Range(0, 200).Select(_ => augmentation.Apply([1, 2, 3], random)[0]).ToHashSet();
        var fromLong = Enumerable.Range(0, 200).Select(_ => augmentation.Apply([1, 2, 3, 4], random)[0]).ToHashSet();
        Assert.Equal(new HashSet<int> { 1, 2 }, fromShort);
        Assert.Equal(new HashSet<int> { 7, 8, 9 }, fromLong);
    }

    [Theory]
    [InlineData("SI", new[] { "ItemInsert", "ItemSubstitute" })]
    [InlineData("SIM", new[] { "ItemInsert", "ItemSubstitute", "ItemMask" })]
    [InlineData("SIMRC", new[] { "ItemInsert", "ItemSubstitute", "ItemMask", "ItemReorder", "ItemCrop" })]
    public void OptionsAugmentation_ShortTypes_InformativeOnesFirstLongGetsAllFive(string types, string[] expected)
    {
        var correlation = ItemSubstituteTests.PlusTen();
        var augmentation = new CoSeRecOptions { ShortTypes = types }.Validate().Augmentation(maskId: 21, correlation);
        Assert.Equal(12, augmentation.Threshold);
        Assert.Equal(expected, augmentation.Short.Choices.Select(c => c.GetType().Name));
        Assert.Equal(["ItemInsert", "ItemCrop", "ItemMask", "ItemReorder", "ItemSubstitute"], augmentation.Long.Choices.Select(c => c.GetType().Name));
    }

    [Theory]
    [InlineData("MI")]
    [InlineData("SIX")]
    [InlineData("SIMM")]
    public void OptionsValidate_BadShortTypes_ThrowsNamingThem(string types)
    {
        var e = Assert.Throws<ContrastiveException>(() => new CoSeRecOptions { ShortTypes = types }.Validate());
        Assert.Contains(types, e.Message);
    }
}

using Contrastive.Sequences.Augmentation;
using Contrastive.Sequences.Training;

namespace Contrastive.Sequences.Tests.Augmentation;

public class RandomAugmentationTests
{
    [Fact]
    public void Apply_Cl4SRecDefaults_UsesAllThreeAugmentations()
    {
        var items = Enumerable.Range(1, 10).ToArray();
        var augmentation = new Cl4SRecOptions().Augmentation(maskId: 11);
        var rng = new Random(5);
        var views = Enumerable.Range(0, 100).Select(_ => augmentation.Apply(items, rng)).ToArray();
        Assert.Contains(views, v => v.Length == 6);                                        // crop
        Assert.Contains(views, v => v.Length == 10 && v.Contains(11));                     // mask
        Assert.Contains(views, v => v.Length == 10 && !v.Contains(11) && !v.SequenceEqual(items));   // reorder
    }
}

using Contrastive.Vision.Augmentations;
using Contrastive.Vision.Data;
using Contrastive.Vision.Methods;
using Contrastive.Vision.Tests.Training;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

[Collection(GlobalTorchStateCollection.Name)]
public class ImageBatchSourceTests
{
    static ImageBatchSource Source()
    {
        using var g = new Generator(1);
        var data = new ImageDataset(rand([10, 1, 8, 8], generator: g), arange(10, dtype: ScalarType.Int64), ["a"], "test");
        return new ImageBatchSource(data, new MultiView(AugmentationSet.Parse(AugmentationSet.SimClr, 8), 2));
    }

    [Fact]
    public void GetBatch_TwoViewsAndTheLabelsOfTheIndices()
    {
        var batch = Source().GetBatch([3, 7, 1]);
        Assert.Equal(2, batch.Views.Count);
        Assert.Equal(new long[] { 3, 1, 8, 8 }, batch.Views[0].shape);
        Assert.Equal(new long[] { 3, 7, 1 }, batch.Labels!.data<long>().ToArray());
    }

    [Fact]
    public void GetBatch_SameGlobalSeed_SameViews()
    {
        var source = Source();
        manual_seed(11);
        var a = source.GetBatch([0, 1]).Views[0];
        manual_seed(11);
        var b = source.GetBatch([0, 1]).Views[0];
        Assert.True(a.eq(b).all().item<bool>());
    }
}

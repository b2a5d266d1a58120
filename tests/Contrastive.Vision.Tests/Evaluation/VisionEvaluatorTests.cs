using Contrastive.Vision.Augmentations;
using Contrastive.Vision.Data;
using Contrastive.Vision.Evaluation;
using Contrastive.Vision.Tests.Data;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Evaluation;

public class VisionEvaluatorTests
{
    [Fact]
    public void Evaluate_RawPixelsOfVisibleClasses_HighAccuracyAndAlignment()
    {
        using var dir = new TempDir();
        IdxFiles.WriteDataset(dir.Path, train: 90, test: 30);
        using var train = ImageDataLoader.Load(dir.Path, DataSplit.Train);
        using var test = ImageDataLoader.Load(dir.Path, DataSplit.Test);
        using var g = new Generator(1);
        var r = VisionEvaluator.Evaluate(null, "raw", train, test, k: 10, views: new RandomHorizontalFlip(), generator: g);
        Assert.True(r.KnnAccuracy > 0.9, $"kNN {r.KnnAccuracy}");
        Assert.True(r.LinearProbeAccuracy > 0.9, $"probe {r.LinearProbeAccuracy}");
        Assert.Equal(144, r.FeatureDim);
        Assert.NotNull(r.Alignment);
        Assert.NotNull(r.Uniformity);
    }

    [Fact]
    public void Extract_BatchesConcatenateInOrder()
    {
        using var images = arange(10 * 4, dtype: ScalarType.Float32).view(10, 1, 2, 2);
        using var features = FeatureExtractor.Extract(x => x.flatten(1), images, batchSize: 3);
        Assert.True(features.eq(images.flatten(1)).all().item<bool>());
    }
}

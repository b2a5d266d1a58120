using System.Diagnostics;
using Contrastive.Core;
using Contrastive.Core.Evaluation;
using Contrastive.Vision.Augmentations;
using Contrastive.Vision.Data;
using static TorchSharp.torch;

namespace Contrastive.Vision.Evaluation;

/// <summary>
/// Evaluation of frozen features on a labelled train / test pair: weighted kNN (k = 200, T = 0.1, cosine;
/// <see cref="KnnClassifier"/>) with the training features as the memory bank, the linear probe
/// (<see cref="LinearProbe"/>), and, when an augmentation is given, alignment and uniformity (Wang and Isola 2020) of
/// the test set with two augmented views of each image as the positive pair.
/// </summary>
public static class VisionEvaluator
{
    /// <param name="features">Maps images (B, C, H, W) to features (B, D); null evaluates the raw pixels.</param>
    /// <param name="views">Augmentation for alignment / uniformity (two views per test image), or null to skip.</param>
    /// <param name="generator">Draws the augmentations.</param>
    public static VisionEvaluationResult Evaluate(Func<Tensor, Tensor>? features, string name, ImageDataset train, ImageDataset test,
                                                  int k = 200, double temperature = 0.1, LinearProbeOptions? probe = null,
                                                  IImageAugmentation? views = null, Generator? generator = null)
    {
        if (train.Labels is null || test.Labels is null) throw new ContrastiveException($"{train.Source}: kNN and linear-probe evaluation need labelled images.");
        int classes = Math.Max(train.NumClasses, test.NumClasses);
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        Tensor Features(Tensor images) => features is null ? FeatureExtractor.RawPixels(images) : FeatureExtractor.Extract(features, images);
        var trainFeatures = Features(train.Images);                             // (N, D)
        var testFeatures = Features(test.Images);                               // (M, D)
        var knn = new KnnClassifier(trainFeatures, train.Labels, classes, k, temperature).Accuracy(testFeatures, test.Labels);
        var linear = LinearProbe.Evaluate(trainFeatures, train.Labels, testFeatures, test.Labels, classes, probe);
        double? alignment = null, uniformity = null;
        if (views is not null)
        {
            using var g = generator is null ? new Generator(0) : null;
            var draw = generator ?? g!;
            var a = Features(views.Apply(test.Images, draw));
            var b = Features(views.Apply(test.Images, draw));
            alignment = AlignmentUniformity.Alignment(a, b);
            uniformity = AlignmentUniformity.Uniformity(a);
        }
        return new VisionEvaluationResult(name, (int)trainFeatures.shape[1], train.Count, test.Count, k, temperature, knn,
                                          linear.TrainAccuracy, linear.TestAccuracy, alignment, uniformity, clock.Elapsed.TotalSeconds);
    }
}

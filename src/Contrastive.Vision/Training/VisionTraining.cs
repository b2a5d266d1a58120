using Contrastive.Core.Evaluation;
using Contrastive.Core.Training;
using Contrastive.Vision.Augmentations;
using Contrastive.Vision.Data;
using Contrastive.Vision.Evaluation;
using Contrastive.Vision.Methods;
using static TorchSharp.torch;

namespace Contrastive.Vision.Training;

/// <summary>
/// Runs a vision method end to end with the shared <see cref="Trainer{TBatch}"/>: reads the data, builds the
/// augmentation, the encoder and the method (all weights from one generator seeded with the training seed), and at
/// each evaluation logs the monitor: weighted kNN accuracy (<c>knn_acc</c>, the best-model metric) of the backbone
/// features of a held test subset against a training subset, and the collapse monitor of the projections
/// (<c>collapse_std</c>, the mean std of the l2-normalised outputs, next to <c>collapse_baseline</c> = 1/√d).
/// </summary>
public static class VisionTraining
{
    public const string KnnMetric = "knn_acc";

    public static TrainingResult Run(VisionTrainingSetup setup, ITrainingObserver? observer = null, bool resume = false, CancellationToken ct = default)
    {
        setup.Validate();
        using var fullTrain = ImageDataLoader.Load(setup.DataPath, DataSplit.Train, setup.ImageSize > 0 ? setup.ImageSize : 32, setup.Grayscale);
        var train = setup.TrainLimit is { } limit ? fullTrain.Take(limit) : fullTrain;
        int size = setup.ImageSize > 0 ? setup.ImageSize : train.Height;
        ImageDataset? test = ImageDataLoader.HasTestSplit(setup.DataPath) && train.Labels is not null
            ? ImageDataLoader.Load(setup.DataPath, DataSplit.Test, size, setup.Grayscale)
            : null;
        try
        {
            using var generator = new Generator((ulong)setup.Training.Seed);
            var encoder = setup.Encoder with { InChannels = train.Channels };
            var method = VisionMethod.Create(setup.Method, encoder, setup.MethodOptions, size, generator, train.NumClasses);
            var pipeline = AugmentationSet.Parse(setup.Augment, size, setup.JitterStrength, setup.CropMinScale);
            var source = new ImageBatchSource(train, new MultiView(pipeline, method.ViewsPerImage));
            long parameters = method.Network.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
            observer?.OnMessage($"{setup.Method.ToName()}: {train.Count:N0} images {train.Channels}x{train.Height}x{train.Width} → {size}x{size}, " +
                                $"{encoder.Architecture} ({method.Network.Backbone.FeatureDim}-d features, {parameters:N0} trainable parameters), augmentations {pipeline.Name}.");

            Func<IReadOnlyDictionary<string, double>>? evaluate = null;
            var training = setup.Training with { MethodSettings = setup.ResumeSettings() };
            if (train.Labels is not null)
            {
                var bank = train.Take(setup.MonitorBank);
                var queries = (test ?? train).Take(setup.MonitorQueries);
                var resize = size == train.Height ? null : new RandomResizedCrop(size, 1, 1, 1, 1);
                evaluate = () => Monitor(method, bank, queries, resize);
                training = training with { MetricForBestModel = training.MetricForBestModel ?? KnnMetric };
            }
            return new Trainer<ImageBatch>(method, source, training, evaluate, observer).Run(resume, ct);
        }
        finally
        {
            test?.Dispose();
        }
    }

    /// <summary>The metrics logged at each evaluation (the trainer calls this in eval mode under no_grad).</summary>
    public static IReadOnlyDictionary<string, double> Monitor(VisionMethod method, ImageDataset bank, ImageDataset queries, IImageAugmentation? resize = null)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(0);
        Tensor Prepare(Tensor images) => resize is null ? images : resize.Apply(images, g);
        var bankImages = Prepare(bank.Images);
        var queryImages = Prepare(queries.Images);
        var bankFeatures = FeatureExtractor.Extract(method.Network.Backbone.forward, bankImages);
        var queryFeatures = FeatureExtractor.Extract(method.Network.Backbone.forward, queryImages);
        int classes = Math.Max(bank.NumClasses, queries.NumClasses);
        double knn = new KnnClassifier(bankFeatures, bank.Labels!, classes).Accuracy(queryFeatures, queries.Labels!);
        // z = projection_head(h) on the features already computed: the backbone runs once per evaluation.
        var z = method.Network.ProjectionHead is { } head ? FeatureExtractor.Extract(head.forward, queryFeatures) : queryFeatures;
        return new Dictionary<string, double>
        {
            [KnnMetric] = knn,
            ["collapse_std"] = CollapseMonitor.NormalizedStd(z),
            ["collapse_baseline"] = CollapseMonitor.UniformBaseline((int)z.shape[1]),
        };
    }
}

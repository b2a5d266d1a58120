using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Vision.Augmentations;
using Contrastive.Vision.Data;
using Contrastive.Vision.Evaluation;
using Contrastive.Vision.Methods;
using Contrastive.Vision.Models;
using static TorchSharp.torch;

namespace Contrastive.Vision.Training;

/// <summary>
/// SimCLR v2's second step (Chen et al. 2020b, arXiv:2006.10029, section 2): supervised fine-tuning of a
/// self-supervised encoder on a fraction of the labels, the whole network trained by cross-entropy through a new
/// linear classifier placed on the backbone (<see cref="FineTuningSetup.HeadLayers"/> = 0) or on the first hidden
/// layer of the 3-layer projection head (1, the paper's choice), with the shared <see cref="Trainer{TBatch}"/> (so
/// it checkpoints, resumes and stops on a time budget like every training). The monitor logs the top-1
/// <c>accuracy</c> on a test subset at each evaluation; no best model is selected on test data (best/ = final/).
/// The result is the final model's accuracy on the test split. The saved model folder holds the backbone, the head
/// with its kept layers and the classifier, so it is also a teacher for <c>vision distill --loss kl-predictions</c>.
/// </summary>
public static class VisionFineTuning
{
    public const string AccuracyMetric = "accuracy";

    public static FineTuningResult Run(FineTuningSetup setup, ITrainingObserver? observer = null, bool resume = false, CancellationToken ct = default)
    {
        setup.Validate();
        var (encoder, manifest) = VisionModelFolder.Load(setup.ModelDir, setup.HeadLayers);
        int size = manifest.ImageSize;
        using var fullTrain = ImageDataLoader.Load(setup.DataPath, DataSplit.Train, size);
        if (fullTrain.Labels is null) throw new ContrastiveException($"{setup.DataPath}: fine-tuning needs labelled images.");
        VisionModelFolder.RequireCompatible(setup.ModelDir, manifest, fullTrain);
        using var labelled = LabelledFraction.Sample(fullTrain, setup.LabelFraction, setup.Training.Seed);
        using var fullTest = ImageDataLoader.HasTestSplit(setup.DataPath) ? ImageDataLoader.Load(setup.DataPath, DataSplit.Test, size) : null;
        var test = fullTest is null ? null : setup.TestLimit is { } limit ? fullTest.Take(limit) : fullTest;

        using var generator = new Generator((ulong)setup.Training.Seed);
        int classes = Math.Max(fullTrain.NumClasses, test?.NumClasses ?? 0);
        var method = SupervisedBaseline.FromEncoder(encoder, size, classes, generator);
        var pipeline = AugmentationSet.Parse(setup.Augment, size, setup.JitterStrength);
        var source = new ImageBatchSource(labelled, new MultiView(pipeline, 1));
        observer?.OnMessage($"Fine-tuning {manifest.Method} {manifest.Encoder.Architecture}" +
                            (manifest.ProbeLayer > 0 ? $" + {manifest.ProbeLayer} head layer(s)" : "") +
                            $" ({encoder.FeatureDim}-d) with a {classes}-class linear classifier on {labelled.Count:N0} labelled images " +
                            $"({setup.LabelFraction:P0} of {fullTrain.Count:N0}, per class, seed {setup.Training.Seed}), augmentations {pipeline.Name}.");

        Func<IReadOnlyDictionary<string, double>>? evaluate = null;
        if (test is not null)
        {
            var queries = test.Take(setup.MonitorQueries);
            evaluate = () => new Dictionary<string, double> { [AccuracyMetric] = ClassifierEvaluation.Accuracy(method.Logits, queries) };
        }
        var training = setup.Training with { MethodSettings = setup.ResumeSettings() };
        var result = new Trainer<ImageBatch>(method, source, training, evaluate, observer).Run(resume, ct);

        double? accuracy = null;
        if (test is not null)
        {
            method.Network.eval();
            accuracy = ClassifierEvaluation.Accuracy(method.Logits, test);
            observer?.OnMessage($"Test accuracy of the final model: {100 * accuracy:F2}% on {test.Count:N0} images.");
        }
        return new FineTuningResult(result, labelled.Count, manifest.ProbeLayer, encoder.FeatureDim, accuracy, test?.Count ?? 0);
    }
}

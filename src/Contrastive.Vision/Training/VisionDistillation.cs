using Contrastive.Core.Evaluation;
using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Vision.Augmentations;
using Contrastive.Vision.Data;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Evaluation;
using Contrastive.Vision.Methods;
using Contrastive.Vision.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Vision.Training;

/// <summary>
/// Runs an image distillation (<see cref="ImageDistillation"/>, SimCLR v2's third step) end to end with the shared
/// <see cref="Trainer{TBatch}"/>: loads the teacher (with its classifier for kl-predictions), builds the student from
/// the training seed, and at each evaluation logs, on held images without augmentation, how far the student agrees
/// with the teacher: <c>teacher_agreement</c> (the best-model metric: top-1 agreement of the predicted classes for
/// kl-predictions; for the embedding losses the fraction of queries whose cosine nearest neighbour in the bank is
/// the teacher's, <see cref="NeighbourAgreement"/>), <c>teacher_loss</c> (the distillation loss on the held images),
/// and with labels <c>knn_acc</c> of the student's features (and for kl-predictions <c>accuracy</c> and
/// <c>teacher_accuracy</c>).
/// </summary>
public static class VisionDistillation
{
    public const string AgreementMetric = "teacher_agreement";
    public const string HeldLossMetric = "teacher_loss";

    public static TrainingResult Run(VisionDistillationSetup setup, ITrainingObserver? observer = null, bool resume = false, CancellationToken ct = default)
    {
        setup.Validate();
        ImageEncoder teacher;
        Linear? teacherClassifier = null;
        VisionModelManifest manifest;
        if (setup.Loss.ComparesPredictions()) (teacher, teacherClassifier, manifest) = VisionModelFolder.LoadClassifier(setup.TeacherDir);
        else (teacher, manifest) = VisionModelFolder.Load(setup.TeacherDir);
        int size = manifest.ImageSize;
        using var fullTrain = ImageDataLoader.Load(setup.DataPath, DataSplit.Train, size);
        VisionModelFolder.RequireCompatible(setup.TeacherDir, manifest, fullTrain);
        var train = setup.TrainLimit is { } limit ? fullTrain.Take(limit) : fullTrain;
        using var test = ImageDataLoader.HasTestSplit(setup.DataPath) ? ImageDataLoader.Load(setup.DataPath, DataSplit.Test, size) : null;

        using var generator = new Generator((ulong)setup.Training.Seed);
        var student = (setup.Student with { InChannels = train.Channels }).Create(generator);
        var method = new ImageDistillation(teacher, teacherClassifier, student, setup.Loss, setup.TemperatureInEffect, size, generator);
        var pipeline = AugmentationSet.Parse(setup.Augment, size, setup.JitterStrength);
        var source = new ImageBatchSource(train, new MultiView(pipeline, 1));
        long parameters = method.Network.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        observer?.OnMessage($"Distilling {manifest.Method} {manifest.Encoder.Architecture} (width {manifest.Encoder.Width}" +
                            (manifest.ProbeLayer > 0 ? $", + {manifest.ProbeLayer} head layer(s)" : "") + $", {teacher.FeatureDim}-d) into " +
                            $"{setup.Student.Architecture} width {setup.Student.Width} ({student.FeatureDim}-d, {parameters:N0} parameters) on " +
                            $"{train.Count:N0} images, loss {setup.Loss.ToName()}" +
                            (setup.Loss == DistillationLossKind.Mse ? "" : $" (tau {setup.TemperatureInEffect})") + $", augmentations {pipeline.Name}.");

        var bank = train.Take(setup.MonitorBank);
        var queries = (test ?? train).Take(setup.MonitorQueries);
        var training = setup.Training with { MetricForBestModel = setup.Training.MetricForBestModel ?? AgreementMetric, MethodSettings = setup.ResumeSettings() };
        if (!resume && observer is not null) observer.OnMessage($"Untrained student: {Describe(Start(method, bank, queries))}.");
        return new Trainer<ImageBatch>(method, source, training, () => Monitor(method, bank, queries), observer).Run(resume, ct);
    }

    /// <summary>The monitor of the untrained student (eval mode, no_grad; draws no random numbers).</summary>
    public static IReadOnlyDictionary<string, double> Start(ImageDistillation method, ImageDataset bank, ImageDataset queries)
    {
        using var noGrad = no_grad();
        method.Network.eval();
        try { return Monitor(method, bank, queries); }
        finally { method.Network.train(); }
    }

    static string Describe(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(", ", metrics.Select(kv => $"{kv.Key} {MetricText.Format(kv.Value)}"));

    /// <summary>The metrics logged at each evaluation (the trainer calls this in eval mode under no_grad).</summary>
    public static IReadOnlyDictionary<string, double> Monitor(ImageDistillation method, ImageDataset bank, ImageDataset queries)
    {
        using var scope = NewDisposeScope();
        var studentQueries = FeatureExtractor.Extract(method.StudentOutputs, queries.Images);
        var teacherQueries = FeatureExtractor.Extract(method.TeacherOutputs, queries.Images);
        var metrics = new Dictionary<string, double>
        {
            [HeldLossMetric] = method.LossOf(studentQueries, teacherQueries).item<float>(),
        };
        if (method.Loss.ComparesPredictions())
        {
            var studentClass = studentQueries.argmax(1);
            var teacherClass = teacherQueries.argmax(1);
            metrics[AgreementMetric] = studentClass.eq(teacherClass).to_type(ScalarType.Float64).mean().item<double>();
            if (queries.Labels is { } labels)
            {
                metrics[VisionFineTuning.AccuracyMetric] = studentClass.eq(labels).to_type(ScalarType.Float64).mean().item<double>();
                metrics["teacher_accuracy"] = teacherClass.eq(labels).to_type(ScalarType.Float64).mean().item<double>();
            }
        }
        else
        {
            var studentBank = FeatureExtractor.Extract(method.StudentOutputs, bank.Images);
            var teacherBank = FeatureExtractor.Extract(method.TeacherOutputs, bank.Images);
            metrics[AgreementMetric] = NeighbourAgreement.TopOne(studentQueries, studentBank, teacherQueries, teacherBank);
        }
        if (bank.Labels is not null && queries.Labels is not null)
        {
            var backbone = method.Network.Backbone;
            var features = FeatureExtractor.Extract(backbone.forward, bank.Images);
            int classes = Math.Max(bank.NumClasses, queries.NumClasses);
            metrics[VisionTraining.KnnMetric] = new KnnClassifier(features, bank.Labels, classes).Accuracy(FeatureExtractor.Extract(backbone.forward, queries.Images), queries.Labels);
        }
        return metrics;
    }
}

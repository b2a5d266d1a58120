using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Methods;
using Contrastive.Vision.Models;
using Contrastive.Vision.Tests.Data;
using Contrastive.Vision.Training;

namespace Contrastive.Vision.Tests.Training;

/// <summary>SimCLR v2's distillation end to end on tiny IDX data: a supervised teacher (with its classifier) or a
/// SimCLR teacher (embeddings) distilled into a fresh student, which must come to agree with it.</summary>
[Collection(GlobalTorchStateCollection.Name)]
public class VisionDistillationTests
{
    static readonly ImageEncoderConfig Tiny = new(ImageEncoderConfig.SmallCnnName, 1, 8);

    static string Data(TempDir dir)
    {
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        IdxFiles.WriteDataset(data, train: 96, test: 48);
        return data;
    }

    static string Teacher(TempDir dir, string data, VisionMethodKind kind, int steps)
    {
        var output = Path.Combine(dir.Path, $"teacher-{kind.ToName()}");
        VisionTraining.Run(new VisionTrainingSetup(data, kind, new VisionMethodOptions { HiddenDim = 16, ProjectionDim = 8 }, Tiny, "none", 0.5,
            new TrainingOptions { OutputDir = output, BatchSize = 16, MaxSteps = steps, EvalSteps = steps, LearningRate = 3e-3, MaxGradNorm = null, LrSchedule = LearningRateSchedule.Cosine },
            MonitorBank: 48, MonitorQueries: 24));
        return Path.Combine(output, "final");
    }

    static VisionDistillationSetup Setup(string teacher, string data, string output, DistillationLossKind loss, int steps) => new(
        TeacherDir: teacher,
        DataPath: data,
        Student: Tiny,
        Loss: loss,
        Training: new TrainingOptions { OutputDir = output, BatchSize = 16, MaxSteps = steps, EvalSteps = 10, LearningRate = 3e-3, MaxGradNorm = null, LrSchedule = LearningRateSchedule.Cosine, DropLast = true },
        Augment: "none",
        MonitorBank: 48,
        MonitorQueries: 24);

    [Fact]
    public void Run_KlPredictions_StudentComesToAgreeWithTheTeacher()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var data = Data(dir);
        var teacher = Teacher(dir, data, VisionMethodKind.Supervised, steps: 30);
        var setup = Setup(teacher, data, Path.Combine(dir.Path, "student"), DistillationLossKind.KlPredictions, steps: 80) with { Temperature = 1.0 };

        var messages = new List<string>();
        var result = VisionDistillation.Run(setup, new Messages(messages));

        var first = result.Evaluations[0].Metrics;
        var last = result.Evaluations[^1].Metrics;
        Assert.True(last[VisionDistillation.HeldLossMetric] < 0.5 * first[VisionDistillation.HeldLossMetric],
                    $"held-out KL {first[VisionDistillation.HeldLossMetric]} -> {last[VisionDistillation.HeldLossMetric]}");
        Assert.True(last[VisionDistillation.AgreementMetric] >= 0.9, string.Join("; ", result.Evaluations.Select(e => string.Join(",", e.Metrics.Select(kv => $"{kv.Key}={kv.Value:F3}")))));
        Assert.True(last[VisionDistillation.AgreementMetric] > first[VisionDistillation.AgreementMetric] ||
                    first[VisionDistillation.AgreementMetric] == 1.0);
        Assert.True(last[VisionDistillation.HeldLossMetric] < UntrainedHeldLoss(messages));
        Assert.InRange(last["teacher_accuracy"], 0, 1);
        var (encoder, classifier, manifest) = VisionModelFolder.LoadClassifier(Path.Combine(dir.Path, "student", "final"));
        Assert.Equal("distill", manifest.Method);
        Assert.Equal(32, encoder.FeatureDim);
        Assert.Equal(10, classifier.weight!.shape[0]);     // the teacher's classes (IDX data: Fashion-MNIST's 10 names)
    }

    [Theory]
    [InlineData(DistillationLossKind.Mse)]
    [InlineData(DistillationLossKind.KlSimilarity)]
    public void Run_EmbeddingLosses_HeldOutLossFallsBelowTheUntrainedStudents(DistillationLossKind loss)
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var data = Data(dir);
        var teacher = Teacher(dir, data, VisionMethodKind.Supervised, steps: 20);
        var messages = new List<string>();
        var result = VisionDistillation.Run(Setup(teacher, data, Path.Combine(dir.Path, "student"), loss, steps: 40), new Messages(messages));
        var last = result.Evaluations[^1].Metrics;
        double untrained = UntrainedHeldLoss(messages);
        Assert.True(last[VisionDistillation.HeldLossMetric] < untrained, $"held-out {loss.ToName()} {untrained} -> {last[VisionDistillation.HeldLossMetric]}");
        Assert.InRange(last[VisionDistillation.AgreementMetric], 0, 1);
        Assert.InRange(last[VisionTraining.KnnMetric], 0, 1);
        Assert.Null(VisionModelFolder.Load(Path.Combine(dir.Path, "student", "final")).Manifest.Classifier);
    }

    static double UntrainedHeldLoss(List<string> messages)
    {
        var start = messages.Single(m => m.StartsWith("Untrained student:", StringComparison.Ordinal));
        return double.Parse(start.Split(VisionDistillation.HeldLossMetric + " ")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Run_CancelledThenResumed_SameStudentAsUninterrupted()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var data = Data(dir);
        var teacher = Teacher(dir, data, VisionMethodKind.Supervised, steps: 6);
        VisionDistillation.Run(Setup(teacher, data, Path.Combine(dir.Path, "straight"), DistillationLossKind.KlPredictions, steps: 8));

        var resumed = Setup(teacher, data, Path.Combine(dir.Path, "resumed"), DistillationLossKind.KlPredictions, steps: 8);
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => VisionDistillation.Run(resumed, new CancelAfter(3, cts), ct: cts.Token));
        VisionDistillation.Run(resumed, resume: true);

        var a = Core.Serialization.SafeTensors.Load(Path.Combine(dir.Path, "straight", "checkpoint", "model.safetensors"));
        var b = Core.Serialization.SafeTensors.Load(Path.Combine(dir.Path, "resumed", "checkpoint", "model.safetensors"));
        Assert.Contains("classifier.weight", a.Keys);
        Assert.DoesNotContain(a.Keys, k => k.StartsWith("teacher", StringComparison.Ordinal));
        Assert.All(a, kv => Assert.True(kv.Value.eq(b[kv.Key]).all().item<bool>(), kv.Key));
    }

    [Fact]
    public void Run_ResumeWithAnotherLoss_RefusedNamingIt()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var data = Data(dir);
        var teacher = Teacher(dir, data, VisionMethodKind.Supervised, steps: 4);
        var output = Path.Combine(dir.Path, "student");
        VisionDistillation.Run(Setup(teacher, data, output, DistillationLossKind.KlPredictions, steps: 2));

        var e = Assert.Throws<Contrastive.Core.ContrastiveException>(() =>
            VisionDistillation.Run(Setup(teacher, data, output, DistillationLossKind.Mse, steps: 4), resume: true));
        Assert.Matches(@"\bloss \S+ -> \S+", e.Message);
        Assert.Contains("temperature 1 -> 0.1", e.Message);
    }

    sealed class CancelAfter(int step, CancellationTokenSource cts) : ITrainingObserver
    {
        public void OnStep(TrainingStatus status) { if (status.Step == step) cts.Cancel(); }
    }

    sealed class Messages(List<string> messages) : ITrainingObserver
    {
        public void OnMessage(string message) => messages.Add(message);
    }
}

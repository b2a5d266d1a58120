using Contrastive.Core.Training;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Methods;
using Contrastive.Vision.Models;
using Contrastive.Vision.Tests.Data;
using Contrastive.Vision.Training;

namespace Contrastive.Vision.Tests.Training;

/// <summary>SimCLR v2's fine-tuning on a label fraction, from the first projection-head layer or from the encoder.</summary>
[Collection(GlobalTorchStateCollection.Name)]
public class VisionFineTuningTests
{
    static (string Data, string Model) Pretrained(TempDir dir)
    {
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        IdxFiles.WriteDataset(data, train: 120, test: 60);
        var output = Path.Combine(dir.Path, "simclr-v2");
        VisionTraining.Run(new VisionTrainingSetup(data, VisionMethodKind.SimClr,
            new VisionMethodOptions { HiddenDim = 16, ProjectionDim = 8, HeadLayers = 3, KeptHeadLayers = 1 },
            new ImageEncoderConfig(ImageEncoderConfig.SmallCnnName, 1, 8), "crop,flip", 0.5,
            new TrainingOptions { OutputDir = output, BatchSize = 16, MaxSteps = 4, EvalSteps = 4, LearningRate = 1e-3, MaxGradNorm = null, LrSchedule = LearningRateSchedule.Cosine },
            MonitorBank: 30, MonitorQueries: 10));
        return (data, Path.Combine(output, "final"));
    }

    static FineTuningSetup Setup(string model, string data, string output, int? headLayers, double fraction = 0.5, int steps = 40, int batch = 16) => new(
        model, data,
        new TrainingOptions { OutputDir = output, BatchSize = batch, MaxSteps = steps, EvalSteps = 20, LearningRate = 3e-3, MaxGradNorm = null, LrSchedule = LearningRateSchedule.Cosine, DropLast = true },
        LabelFraction: fraction, HeadLayers: headLayers, Augment: "none");

    [Fact]
    public void Run_FromFirstHeadLayerAndFromEncoder_BothLearnTheVisibleClasses()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var (data, model) = Pretrained(dir);

        var fromHead = VisionFineTuning.Run(Setup(model, data, Path.Combine(dir.Path, "head"), headLayers: null));
        var fromEncoder = VisionFineTuning.Run(Setup(model, data, Path.Combine(dir.Path, "encoder"), headLayers: 0));

        Assert.Equal(1, fromHead.HeadLayers);              // the SimCLR v2 model keeps its first head layer by default
        Assert.Equal(16, fromHead.FeatureDim);
        Assert.Equal(0, fromEncoder.HeadLayers);
        Assert.Equal(32, fromEncoder.FeatureDim);
        Assert.InRange(fromHead.LabelledImages, 58, 62);   // half of each class of 120, rounded per class
        Assert.Equal(60, fromHead.TestImages);
        Assert.True(fromHead.TestAccuracy > 0.8, $"from the head layer: {fromHead.TestAccuracy}");
        Assert.True(fromEncoder.TestAccuracy > 0.8, $"from the encoder: {fromEncoder.TestAccuracy}");
        Assert.Contains(VisionFineTuning.AccuracyMetric, fromHead.Training.Evaluations[^1].Metrics.Keys);

        // The fine-tuned folder keeps the head layer under its classifier and serves as a kl-predictions teacher.
        var (encoder, classifier, manifest) = VisionModelFolder.LoadClassifier(Path.Combine(dir.Path, "head", "final"));
        Assert.Equal(1, manifest.ProbeLayer);
        Assert.IsType<HeadLayerEncoder>(encoder);
        Assert.Equal(16, classifier.weight!.shape[1]);
    }

    [Fact]
    public void Run_SmallerFraction_FewerLabelledImages()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var (data, model) = Pretrained(dir);
        var result = VisionFineTuning.Run(Setup(model, data, Path.Combine(dir.Path, "ft"), headLayers: 1, fraction: 0.1, steps: 2, batch: 4));
        Assert.InRange(result.LabelledImages, 10, 14);     // 10 % of about 40 per class, at least one each
        Assert.InRange(result.TestAccuracy!.Value, 0, 1);
    }

    [Fact]
    public void Run_ResumeWithAnotherLabelFraction_RefusedNamingIt()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var (data, model) = Pretrained(dir);
        var output = Path.Combine(dir.Path, "ft");
        VisionFineTuning.Run(Setup(model, data, output, headLayers: 1, fraction: 0.5, steps: 2, batch: 4));

        var e = Assert.Throws<Contrastive.Core.ContrastiveException>(() =>
            VisionFineTuning.Run(Setup(model, data, output, headLayers: 1, fraction: 0.25, steps: 4, batch: 4), resume: true));
        Assert.Contains("label_fraction 0.5 -> 0.25", e.Message);
        var resumed = VisionFineTuning.Run(Setup(model, data, output, headLayers: 1, fraction: 0.5, steps: 4, batch: 4), resume: true);
        Assert.Equal(4, resumed.Training.Steps);
    }
}

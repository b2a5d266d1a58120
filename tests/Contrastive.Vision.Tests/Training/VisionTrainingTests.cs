using Contrastive.Core.Training;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Methods;
using Contrastive.Vision.Models;
using Contrastive.Vision.Tests.Data;
using Contrastive.Vision.Training;

namespace Contrastive.Vision.Tests.Training;

[Collection(GlobalTorchStateCollection.Name)]
public class VisionTrainingTests
{
    static VisionTrainingSetup Setup(string data, string output, VisionMethodKind method) => new(
        DataPath: data,
        Method: method,
        MethodOptions: new VisionMethodOptions { HiddenDim = 16, ProjectionDim = 8, QueueSize = 16 },
        Encoder: new ImageEncoderConfig(ImageEncoderConfig.SmallCnnName, 1, 8),
        Augment: "crop,flip",
        JitterStrength: 0.5,
        Training: new TrainingOptions { OutputDir = output, BatchSize = 8, MaxSteps = 4, EvalSteps = 2, LearningRate = 1e-3, MaxGradNorm = null, LrSchedule = LearningRateSchedule.Cosine },
        MonitorBank: 30,
        MonitorQueries: 10);

    [Theory]
    [InlineData(VisionMethodKind.SimClr)]
    [InlineData(VisionMethodKind.MoCo)]
    [InlineData(VisionMethodKind.Byol)]
    [InlineData(VisionMethodKind.SimSiam)]
    public void Run_TinyIdxData_LogsMonitorAndWritesEncoder(VisionMethodKind method)
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        IdxFiles.WriteDataset(data, train: 40, test: 12);
        var result = VisionTraining.Run(Setup(data, Path.Combine(dir.Path, "out"), method));
        Assert.Equal(4, result.Steps);
        Assert.Equal(2, result.Evaluations.Count);
        var metrics = result.Evaluations[^1].Metrics;
        Assert.InRange(metrics[VisionTraining.KnnMetric], 0, 1);
        Assert.InRange(metrics["collapse_std"], 0, 1);
        var (encoder, manifest) = VisionModelFolder.Load(Path.Combine(dir.Path, "out"));
        Assert.Equal(method.ToName(), manifest.Method);
        Assert.Equal(32, encoder.FeatureDim);
    }

    [Fact]
    public void Run_SameSeed_SameFinalWeights()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        IdxFiles.WriteDataset(data, train: 24, test: 8);
        VisionTraining.Run(Setup(data, Path.Combine(dir.Path, "a"), VisionMethodKind.Byol));
        VisionTraining.Run(Setup(data, Path.Combine(dir.Path, "b"), VisionMethodKind.Byol));
        var a = VisionModelFolder.Load(Path.Combine(dir.Path, "a", "final")).Encoder.state_dict();
        var b = VisionModelFolder.Load(Path.Combine(dir.Path, "b", "final")).Encoder.state_dict();
        Assert.All(a, kv => Assert.True(kv.Value.eq(b[kv.Key]).all().item<bool>(), kv.Key));
    }

    sealed class CancelAfter(int step, CancellationTokenSource cts) : ITrainingObserver
    {
        public void OnStep(TrainingStatus status) { if (status.Step == step) cts.Cancel(); }
    }

    [Fact]
    public void Run_MoCoCancelledThenResumed_SameWeightsAndQueueAsUninterrupted()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        IdxFiles.WriteDataset(data, train: 24, test: 8);
        var straight = Setup(data, Path.Combine(dir.Path, "straight"), VisionMethodKind.MoCo);
        VisionTraining.Run(straight);

        var resumed = Setup(data, Path.Combine(dir.Path, "resumed"), VisionMethodKind.MoCo);
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => VisionTraining.Run(resumed, new CancelAfter(3, cts), ct: cts.Token));
        VisionTraining.Run(resumed, resume: true);

        var a = Contrastive.Core.Serialization.SafeTensors.Load(Path.Combine(dir.Path, "straight", "checkpoint", "model.safetensors"));
        var b = Contrastive.Core.Serialization.SafeTensors.Load(Path.Combine(dir.Path, "resumed", "checkpoint", "model.safetensors"));
        Assert.Contains("queue.queue", a.Keys);
        Assert.Contains("backbone_momentum.conv1.weight", a.Keys);
        Assert.All(a, kv => Assert.True(kv.Value.eq(b[kv.Key]).all().item<bool>(), kv.Key));
    }
}

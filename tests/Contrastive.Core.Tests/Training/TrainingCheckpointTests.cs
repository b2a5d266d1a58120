using Contrastive.Core.Serialization;
using Contrastive.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Training;

public sealed class TrainingCheckpointTests
{
    static TrainerState State() => new() { GlobalStep = 0, StepsPerEpoch = 4, TotalSteps = 8, ExampleCount = 16, RngState = "AA==" };

    [Fact]
    public void SaveThenLoad_RestoresWeightsOptimizerAndState()
    {
        using var dir = new TempDir();
        var target = dir.File("checkpoint");
        var source = new TinyMlp(1);
        using var optimizer = AdamWFactory.Create(source, new TrainingOptions());
        var state = State();
        state.EvalHistory.Add(new EvaluationRecord(0, new Dictionary<string, double> { ["Score"] = 0.5 }));

        TrainingCheckpoint.Save(target, source, optimizer, state);
        var copy = new TinyMlp(2);
        using var copyOptimizer = AdamWFactory.Create(copy, new TrainingOptions());
        TrainingCheckpoint.LoadModel(target, copy);
        TrainingCheckpoint.LoadOptimizer(target, copyOptimizer);
        var loaded = TrainingCheckpoint.LoadState(target);

        foreach (var (name, t) in source.state_dict()) Assert.Equal(t.data<float>().ToArray(), copy.state_dict()[name].data<float>().ToArray());
        Assert.Equal(8, loaded.TotalSteps);
        Assert.Equal(0.5, loaded.EvalHistory[0].Metrics["Score"]);
        Assert.Contains("\"total_steps\": 8", File.ReadAllText(Path.Combine(target, TrainerState.FileName)));
    }

    [Fact]
    public void LoadModel_ShapeMismatch_ThrowsNamingFileAndTensor()
    {
        using var dir = new TempDir();
        var target = dir.File("checkpoint");
        var source = new TinyMlp(1, hidden: 8);
        using var optimizer = AdamWFactory.Create(source, new TrainingOptions());
        TrainingCheckpoint.Save(target, source, optimizer, State());

        var e = Assert.Throws<ContrastiveException>(() => TrainingCheckpoint.LoadModel(target, new TinyMlp(1, hidden: 16)));

        Assert.Contains(Path.Combine(target, TrainingCheckpoint.ModelFile), e.Message);
        Assert.Contains("tensor 'dense.weight' is Float32 [8, 4], the model's is Float32 [16, 4]", e.Message);
    }

    [Fact]
    public void LoadModel_MissingTensor_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        var target = dir.File("checkpoint");
        Directory.CreateDirectory(target);
        var net = new TinyMlp(1);
        SafeTensors.Save(Path.Combine(target, TrainingCheckpoint.ModelFile), net.state_dict().Where(kv => kv.Key != "output.bias"));

        var e = Assert.Throws<ContrastiveException>(() => TrainingCheckpoint.LoadModel(target, net));

        Assert.Contains("'output.bias'", e.Message);
    }
}

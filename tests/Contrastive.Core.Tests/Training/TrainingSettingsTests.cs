using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

public sealed class TrainingSettingsTests
{
    enum Head { Mlp, Linear }

    sealed record Inner(double Temperature, Head Head);

    sealed record Outer(int Layers, Inner Inner, IReadOnlyList<int>? Views, string? Name);

    [Fact]
    public void Describe_NestedRecordsListsAndNulls_FlatInvariantNameValuePairs()
    {
        var settings = TrainingSettings.Describe(("method", new Outer(2, new Inner(0.05, Head.Linear), [0, 2], null)), ("supervised", true), ("dropout", (double?)null));

        Assert.Equal("2", settings["method.Layers"]);
        Assert.Equal("0.05", settings["method.Inner.Temperature"]);
        Assert.Equal("Linear", settings["method.Inner.Head"]);
        Assert.Equal("0,2", settings["method.Views"]);
        Assert.Equal("none", settings["method.Name"]);
        Assert.Equal("True", settings["supervised"]);
        Assert.Equal("none", settings["dropout"]);
    }

    [Fact]
    public void ResumeDifferences_ChangedMethodSettings_NamesEachWithBothValues()
    {
        var saved = new TrainingOptions { MethodSettings = TrainingSettings.Describe(("method", new Inner(0.05, Head.Mlp)), ("dropout", 0.1)) };
        var now = new TrainingOptions { MethodSettings = TrainingSettings.Describe(("method", new Inner(0.1, Head.Mlp)), ("dropout", 0.1), ("k_core", 5)) };

        var differences = now.ResumeDifferences(saved);

        Assert.Equal(["k_core none -> 5", "method.Temperature 0.05 -> 0.1"], differences);
    }

    [Fact]
    public void ResumeDifferences_SameMethodSettings_None()
    {
        var saved = new TrainingOptions { MethodSettings = TrainingSettings.Describe(("method", new Inner(0.05, Head.Mlp))) };
        var now = saved with { MethodSettings = TrainingSettings.Describe(("method", new Inner(0.05, Head.Mlp))) };

        Assert.Empty(now.ResumeDifferences(saved));
    }

    [Fact]
    public void ResumeDifferences_CheckpointWithoutMethodSettings_ComparesTheTrainingOptionsOnly()
    {
        var now = new TrainingOptions { MethodSettings = TrainingSettings.Describe(("dropout", 0.1)) };

        Assert.Empty(now.ResumeDifferences(new TrainingOptions()));
    }

    [Fact]
    public void TrainerState_MethodSettings_RoundTripThroughJson()
    {
        var state = new TrainerState
        {
            StepsPerEpoch = 1, TotalSteps = 1, RngState = "AA==",
            Options = new TrainingOptions { MethodSettings = TrainingSettings.Describe(("simcse", new Inner(0.05, Head.Mlp))) },
        };
        using var dir = new Contrastive.TestKit.TempDir();
        var path = dir.File(TrainerState.FileName);
        File.WriteAllText(path, state.ToJson());

        var loaded = TrainerState.Load(path);

        Assert.Empty(state.Options.ResumeDifferences(loaded.Options));
        Assert.Equal("0.05", loaded.Options.MethodSettings!["simcse.Temperature"]);
    }
}

using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void Defaults_AreSimCseAndHuggingFaceValues()
    {
        var o = new TrainingOptions();

        Assert.Equal(3e-5, o.LearningRate);
        Assert.Equal(64, o.BatchSize);
        Assert.Equal(1, o.Epochs);
        Assert.Null(o.MaxSteps);
        Assert.Equal((0.9, 0.999, 1e-8), (o.AdamBeta1, o.AdamBeta2, o.AdamEpsilon));
        Assert.Equal(1.0, o.MaxGradNorm);
        Assert.Equal(0.0, o.WeightDecay);
        Assert.Equal(0, o.WarmupSteps);
        Assert.Equal(42, o.Seed);
        Assert.Equal(125, o.EvalSteps);
        Assert.Equal(125, o.SaveInterval);
        Assert.Equal(40, (o with { SaveSteps = 40 }).SaveInterval);
        o.Validate();
    }

    public static TheoryData<TrainingOptions, string> Invalid => new()
    {
        { new() { LearningRate = 0 }, "learning rate" },
        { new() { LearningRate = double.NaN }, "NaN" },
        { new() { BatchSize = 0 }, "batch size must be at least 1, got 0" },
        { new() { Epochs = -2 }, "got -2" },
        { new() { MaxSteps = 0 }, "maximum number of steps" },
        { new() { TimeBudget = TimeSpan.Zero }, "time budget" },
        { new() { WarmupSteps = -1 }, "warm-up" },
        { new() { WeightDecay = -0.1 }, "-0.1" },
        { new() { AdamBeta1 = 1 }, "beta1" },
        { new() { AdamBeta2 = -0.5 }, "beta2" },
        { new() { AdamEpsilon = 0 }, "epsilon" },
        { new() { MaxGradNorm = 0 }, "gradient norm" },
        { new() { EvalSteps = 0 }, "evaluation interval" },
        { new() { SaveSteps = 0 }, "checkpoint interval" },
        { new() { MetricForBestModel = " " }, "metric" },
        { new() { EarlyStoppingPatience = 0, MetricForBestModel = "m" }, "patience" },
        { new() { EarlyStoppingPatience = 3 }, "metric" },
        { new() { OutputDir = "" }, "output folder" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidValue_ThrowsNamingIt(TrainingOptions options, string expected)
    {
        var e = Assert.Throws<ContrastiveException>(options.Validate);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Validate_NoClipping_IsAllowed() => new TrainingOptions { MaxGradNorm = null }.Validate();
}

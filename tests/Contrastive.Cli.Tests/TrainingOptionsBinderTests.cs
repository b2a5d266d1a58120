using System.CommandLine;
using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Sequences.Training;
using Contrastive.Text.Distillation;
using Contrastive.Text.Mlm;
using Contrastive.Text.Pooling;
using Contrastive.Text.Sbert;
using Contrastive.Vision.Training;

namespace Contrastive.Cli.Tests;

public class TrainingOptionsBinderTests
{
    static ParseResult Parse(TrainingOptionsBinder binder, params string[] args)
    {
        var command = new Command("train");
        foreach (var option in binder.All) command.Options.Add(option);
        return command.Parse(args);
    }

    public static TheoryData<string, TrainingOptions> Defaults => new()
    {
        { "simcse", new TrainingOptions { OutputDir = "out" } },
        { "bert pretrain", MlmPretrainingSetup.DefaultTraining("out") },
        { "sbert", SbertTrainingSetup.DefaultTraining("out") },
        { "distill", DistillationTrainingSetup.DefaultTraining("out") },
        { "vision", VisionTrainingSetup.DefaultTraining("out") },
        { "seqrec", SeqRecTrainingSetup.DefaultTraining("out") },
    };

    [Theory]
    [MemberData(nameof(Defaults))]
    public void Bind_NoOptions_GivesTheMethodsRecordUnchanged(string command, TrainingOptions defaults)
    {
        var binder = new TrainingOptionsBinder(defaults, "Examples");
        var bound = binder.Bind(Parse(binder), "out");
        Assert.True(defaults == bound, $"{command}: {bound} differs from {defaults}");
    }

    [Fact]
    public void Bind_EveryOption_SetsItsField()
    {
        var binder = new TrainingOptionsBinder(new TrainingOptions(), "Examples", allowChanged: true);
        var p = Parse(binder, "--batch-size", "8", "--learning-rate", "0.002", "--warmup-steps", "3", "--weight-decay", "0.5",
                      "--epochs", "4", "--max-steps", "9", "--time-budget", "2m", "--eval-steps", "7", "--seed", "5", "--resume", "--allow-changed");
        var bound = binder.Bind(p, "run");
        Assert.Equal(new TrainingOptions
        {
            OutputDir = "run", BatchSize = 8, LearningRate = 0.002, WarmupSteps = 3, WeightDecay = 0.5, Epochs = 4, MaxSteps = 9,
            TimeBudget = TimeSpan.FromMinutes(2), EvalSteps = 7, Seed = 5, AllowChangedLearningRate = true,
        }, bound);
        Assert.True(binder.IsResume(p));
        Assert.Equal(3, binder.Warmup(p));
    }

    [Fact]
    public void Bind_NoLearningRate_TakesTheCommandsComputedDefault()
    {
        var binder = new TrainingOptionsBinder(new TrainingOptions(), "Examples", learningRateDefault: "computed");
        Assert.Equal(5e-4, binder.Bind(Parse(binder), "out", learningRate: 5e-4).LearningRate);
        Assert.Equal(1e-3, binder.Bind(Parse(binder, "--learning-rate", "1e-3"), "out", learningRate: 5e-4).LearningRate);
    }

    [Fact]
    public void Options_WithoutEvalSteps_KeepTheDefaultsInterval()
    {
        var defaults = SeqRecTrainingSetup.DefaultTraining("out");
        var binder = new TrainingOptionsBinder(defaults, "Users", evalSteps: false);
        Assert.DoesNotContain(binder.All, o => o.Name == "--eval-steps");
        Assert.Equal(defaults.EvalSteps, binder.Bind(Parse(binder), "out").EvalSteps);
    }

    [Fact]
    public void PoolerOption_UnknownName_ThrowsNamingIt()
    {
        var pooler = PoolerOption.Override();
        var command = new Command("encode") { pooler };
        Assert.Null(PoolerOption.GetOverride(command.Parse([]), pooler));
        Assert.Equal(PoolerType.AvgTop2, PoolerOption.GetOverride(command.Parse(["--pooler", "avg_top2"]), pooler));
        var e = Assert.Throws<ContrastiveException>(() => PoolerOption.GetOverride(command.Parse(["--pooler", "pooled"]), pooler));
        Assert.Contains("'pooled'", e.Message);
    }
}

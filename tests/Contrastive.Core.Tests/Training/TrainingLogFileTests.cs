using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class TrainingLogFileTests
{
    [Fact]
    public void Read_TrainerWrittenLog_StepsEvaluationsAndStepsPerEpoch()
    {
        using var dir = new TempDir();
        using var data = new TinyData(64);
        int calls = 0;
        var options = new TrainingOptions { OutputDir = dir.Path, BatchSize = 8, MaxSteps = 12, EvalSteps = 4, LearningRate = 1e-2, Seed = 3 };
        new Trainer<TinyBatch>(new TinyRegression(1), data, options, () => new Dictionary<string, double> { ["score"] = ++calls }).Run();

        var log = TrainingLogFile.Read(dir.Path);                          // the folder: its trainer_log.jsonl
        Assert.Equal(Enumerable.Range(1, 12), log.Losses.Select(l => l.Step));
        Assert.All(log.Losses, l => Assert.True(double.IsFinite(l.Loss) && l.LearningRate >= 0));
        Assert.Equal(calls, log.Evaluations.Count);
        Assert.Equal(Enumerable.Range(1, calls).Select(i => (double)i), log.Evaluations.Select(e => e.Metrics["score"]));
        Assert.Contains(log.Evaluations, e => e.Step == 12);
        Assert.Equal(8.0, log.StepsPerEpoch!.Value, 9);                    // 64 examples in batches of 8
        Assert.Equal(["score"], log.MetricNames);
    }

    [Fact]
    public void Read_NamedNonFiniteValues_ReadAsNumbers()
    {
        using var dir = new TempDir();
        var path = dir.File("trainer_log.jsonl");
        File.WriteAllText(path, "{\"step\":1,\"epoch\":0.5,\"loss\":\"NaN\",\"learning_rate\":0.001}\n\n{\"step\":1,\"eval\":{\"acc\":\"-Infinity\"}}\n");
        var log = TrainingLogFile.Read(path);
        Assert.True(double.IsNaN(log.Losses[0].Loss));
        Assert.Equal(double.NegativeInfinity, log.Evaluations[0].Metrics["acc"]);
        Assert.Equal(2.0, log.StepsPerEpoch);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"epoch\":1}")]
    [InlineData("{\"step\":2,\"loss\":1}")]
    [InlineData("{\"step\":2,\"eval\":{\"acc\":true}}")]
    public void Read_BadLine_RefusedNamingFileAndLine(string line)
    {
        using var dir = new TempDir();
        var path = dir.File("log.jsonl");
        File.WriteAllText(path, "{\"step\":1,\"epoch\":0.1,\"loss\":2.0,\"learning_rate\":0.001}\n" + line + "\n");
        var e = Assert.Throws<ContrastiveException>(() => TrainingLogFile.Read(path));
        Assert.Contains($"{path}:2:", e.Message);
    }

    [Fact]
    public void Read_Missing_RefusedNamingThePath()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ContrastiveException>(() => TrainingLogFile.Read(dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "trainer_log.jsonl"), e.Message);
    }
}

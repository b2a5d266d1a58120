using Contrastive.Core.Training;
using Spectre.Console;

namespace Contrastive.Cli;

/// <summary>The lines printed after a training run: steps, time, best metric and where the models are.</summary>
public static class TrainingSummary
{
    public static void Print(TrainingResult r)
    {
        AnsiConsole.WriteLine($"trained {r.Steps}/{r.TotalSteps} steps ({r.Epoch:F2} epochs) in {r.Elapsed:hh\\:mm\\:ss}" +
                              (r.StoppedByTimeBudget ? " (time budget reached)" : ""));
        if (r.BestMetric is { } best) AnsiConsole.WriteLine($"best metric {best:F2} at step {r.BestStep}");
        Console.WriteLine($"best model:  {r.BestDir}");
        Console.WriteLine($"final model: {r.FinalDir}");
        Console.WriteLine($"checkpoint:  {r.CheckpointDir}");
    }
}

using Contrastive.Core.Training;
using Contrastive.Text.Mlm;

namespace Contrastive.Text.Tests.Mlm;

/// <summary>Trainer options that keep the MLM tests fast.</summary>
internal static class FastMlmTraining
{
    /// <summary>The MLM defaults with batch 8, lr 1e-3 and evaluation every 5 steps.</summary>
    public static TrainingOptions Options(string outputDir, int maxSteps) =>
        MlmPretrainingSetup.DefaultTraining(outputDir) with { BatchSize = 8, LearningRate = 1e-3, MaxSteps = maxSteps, EvalSteps = 5 };
}

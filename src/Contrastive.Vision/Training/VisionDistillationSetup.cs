using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Vision.Encoders;

namespace Contrastive.Vision.Training;

/// <summary>
/// Everything <see cref="VisionDistillation.Run"/> needs, the library form of <c>contrastive vision distill</c>.
/// </summary>
/// <param name="TeacherDir">The teacher's model folder (from <c>vision train</c> or <c>vision finetune</c>; an output folder's <c>best/</c>).</param>
/// <param name="DataPath">The images distilled on; their labels, if any, are not used for training (only by the monitor).</param>
/// <param name="Student">The student's backbone (architecture and width; the channels come from the data).</param>
/// <param name="Temperature">τ of the KL losses; null: SimCLR v2's 1 for kl-predictions, 0.1 for kl-similarity.</param>
/// <param name="Augment">Augmentations of the one view both networks see (SimCLR v2 distils with random crops).</param>
/// <param name="MonitorBank">Training images: the bank of the kNN and neighbour-agreement monitors.</param>
/// <param name="MonitorQueries">Test images (or training images without a test split) the monitor measures.</param>
/// <param name="TrainLimit">Use only the first this many training images (null: all).</param>
public sealed record VisionDistillationSetup(
    string TeacherDir,
    string DataPath,
    ImageEncoderConfig Student,
    DistillationLossKind Loss,
    TrainingOptions Training,
    double? Temperature = null,
    string Augment = "crop,flip",
    double JitterStrength = 0.5,
    int MonitorBank = 2000,
    int MonitorQueries = 1000,
    int? TrainLimit = null)
{
    /// <summary>The temperature in effect.</summary>
    public double TemperatureInEffect => Temperature ?? (Loss.ComparesPredictions() ? 1.0 : 0.1);

    /// <summary>The arguments besides <c>Training</c> that change the run, saved with each checkpoint and compared on
    /// resume (<see cref="TrainingSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> ResumeSettings() => TrainingSettings.Describe(
        ("teacher", Path.GetFullPath(TeacherDir)), ("student", Student), ("loss", Loss), ("temperature", TemperatureInEffect),
        ("augment", Augment), ("jitter_strength", JitterStrength), ("monitor_bank", MonitorBank),
        ("monitor_queries", MonitorQueries), ("train_limit", TrainLimit));

    public VisionDistillationSetup Validate()
    {
        if (string.IsNullOrWhiteSpace(TeacherDir)) throw new ContrastiveException("--teacher is required.");
        if (string.IsNullOrWhiteSpace(DataPath)) throw new ContrastiveException("--data is required.");
        if (Temperature is { } t && (!(t > 0) || double.IsInfinity(t))) throw new ContrastiveException($"The temperature must be positive, got {t}.");
        if (MonitorBank < 1 || MonitorQueries < 1) throw new ContrastiveException($"The monitor needs at least one bank image and one query, got {MonitorBank} and {MonitorQueries}.");
        if (TrainLimit is < 1) throw new ContrastiveException($"--train-limit must be positive, got {TrainLimit}.");
        if (!(JitterStrength >= 0)) throw new ContrastiveException($"The jitter strength must be 0 or more, got {JitterStrength}.");
        Student.Validate();
        Training.Validate();
        return this;
    }
}

using Contrastive.Core;
using Contrastive.Core.Training;

namespace Contrastive.Vision.Training;

/// <summary>
/// Everything <see cref="VisionFineTuning.Run"/> needs, the library form of <c>contrastive vision finetune</c>:
/// a trained encoder, labelled data of which a seeded class-balanced fraction is used, and where the fine-tuning
/// starts (SimCLR v2: from the first layer of the projection head, or from the encoder's output).
/// </summary>
/// <param name="ModelDir">A model folder written by <c>vision train</c> (or its output folder: <c>best/</c>).</param>
/// <param name="DataPath">Labelled data with a train split (and a test split, on which the result is measured).</param>
/// <param name="LabelFraction">Fraction of the training labels used, per class (SimCLR v2: 1 %, 10 %, 100 %).</param>
/// <param name="HeadLayers">Hidden layers of the saved projection head kept under the classifier: 0 = the encoder's
/// output (the backbone), 1 = SimCLR v2's "fine-tune from the 1st layer of projection head"; null: the model's own.</param>
/// <param name="Augment">Augmentations of the labelled images (SimCLR's fine-tuning: random crop and flip).</param>
/// <param name="MonitorQueries">Test images whose accuracy is logged at each evaluation.</param>
/// <param name="TestLimit">Measure the final accuracy on the first this many test images (null: all).</param>
public sealed record FineTuningSetup(
    string ModelDir,
    string DataPath,
    TrainingOptions Training,
    double LabelFraction = 1.0,
    int? HeadLayers = null,
    string Augment = "crop,flip",
    double JitterStrength = 0.5,
    int MonitorQueries = 1000,
    int? TestLimit = null)
{
    /// <summary>The arguments besides <c>Training</c> that change the run, saved with each checkpoint and compared on
    /// resume (<see cref="TrainingSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> ResumeSettings() => TrainingSettings.Describe(
        ("model", Path.GetFullPath(ModelDir)), ("label_fraction", LabelFraction), ("head_layers", HeadLayers), ("augment", Augment),
        ("jitter_strength", JitterStrength), ("monitor_queries", MonitorQueries));

    public FineTuningSetup Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDir)) throw new ContrastiveException("--model is required.");
        if (string.IsNullOrWhiteSpace(DataPath)) throw new ContrastiveException("--data is required.");
        if (!(LabelFraction > 0 && LabelFraction <= 1)) throw new ContrastiveException($"--label-fraction must be in (0, 1], got {LabelFraction}.");
        if (HeadLayers is < 0) throw new ContrastiveException($"--head-layers must be 0 or more, got {HeadLayers}.");
        if (MonitorQueries < 1) throw new ContrastiveException($"The monitor needs at least one test image, got {MonitorQueries}.");
        if (TestLimit is < 1) throw new ContrastiveException($"--test-limit must be positive, got {TestLimit}.");
        if (!(JitterStrength >= 0)) throw new ContrastiveException($"The jitter strength must be 0 or more, got {JitterStrength}.");
        Training.Validate();
        return this;
    }
}

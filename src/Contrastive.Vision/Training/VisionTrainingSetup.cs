using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Methods;

namespace Contrastive.Vision.Training;

/// <summary>
/// Everything <see cref="VisionTraining.Run"/> needs: the data, the method and its options, the encoder, the
/// augmentations and the trainer's options; plus the monitor (kNN on a held subset, collapse) run at each evaluation.
/// </summary>
/// <param name="DataPath">Fashion-MNIST / MNIST IDX folder, digits CSV or image folder (see <see cref="Data.ImageDataLoader"/>).</param>
/// <param name="Augment">Comma-separated augmentation names (<see cref="Augmentations.AugmentationSet"/>).</param>
/// <param name="ImageSize">Side of image-folder images and of the crop output; 0 means the data's own side.</param>
/// <param name="MonitorBank">Training images used as the kNN memory bank of the monitor.</param>
/// <param name="MonitorQueries">Test images (or held-out training images) classified by the monitor.</param>
/// <param name="TrainLimit">Use only the first this many training images (null: all).</param>
/// <param name="CropMinScale">Smallest fraction of the image area a random crop covers (SimCLR's 0.08; larger is a
/// weaker augmentation, which small 28×28 images may need).</param>
public sealed record VisionTrainingSetup(
    string DataPath,
    VisionMethodKind Method,
    VisionMethodOptions MethodOptions,
    ImageEncoderConfig Encoder,
    string Augment,
    double JitterStrength,
    TrainingOptions Training,
    int ImageSize = 0,
    bool Grayscale = false,
    int MonitorBank = 2000,
    int MonitorQueries = 1000,
    int? TrainLimit = null,
    double CropMinScale = Augmentations.RandomResizedCrop.DefaultMinScale)
{
    /// <summary>
    /// Trainer options for the image methods on a CPU: AdamW at 1e-3 with 50 warm-up steps and cosine decay (SimCLR,
    /// MoCo v2, BYOL and SimSiam all decay the rate with a cosine), weight decay 1e-4 (MoCo's and SimSiam's), batch 256
    /// (SimSiam's smallest studied batch), 10 epochs, the monitor every 100 steps, no gradient clipping (none of the
    /// papers clips), and the last incomplete batch dropped (a batch-norm head needs full batches).
    /// </summary>
    public static TrainingOptions DefaultTraining(string outputDir) => new()
    {
        OutputDir = outputDir,
        BatchSize = 256,
        LearningRate = 1e-3,
        WarmupSteps = 50,
        WeightDecay = 1e-4,
        Epochs = 10,
        EvalSteps = 100,
        LrSchedule = LearningRateSchedule.Cosine,
        MaxGradNorm = null,
        DropLast = true,
    };

    /// <summary>The arguments besides <c>Training</c> that change the run, saved with each checkpoint and compared on
    /// resume (<see cref="TrainingSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> ResumeSettings() => TrainingSettings.Describe(
        ("method", Method), ("method_options", MethodOptions), ("encoder", Encoder), ("augment", Augment),
        ("jitter_strength", JitterStrength), ("crop_min_scale", CropMinScale), ("image_size", ImageSize), ("grayscale", Grayscale), ("train_limit", TrainLimit),
        ("monitor_bank", MonitorBank), ("monitor_queries", MonitorQueries));

    public VisionTrainingSetup Validate()
    {
        if (string.IsNullOrWhiteSpace(DataPath)) throw new ContrastiveException("--data is required.");
        if (ImageSize < 0) throw new ContrastiveException($"The image size must be positive, got {ImageSize}.");
        if (MonitorBank < 1 || MonitorQueries < 1) throw new ContrastiveException($"The monitor needs at least one bank image and one query, got {MonitorBank} and {MonitorQueries}.");
        if (TrainLimit is < 1) throw new ContrastiveException($"--train-limit must be positive, got {TrainLimit}.");
        if (!(JitterStrength >= 0)) throw new ContrastiveException($"The jitter strength must be 0 or more, got {JitterStrength}.");
        if (!(CropMinScale > 0 && CropMinScale <= 1)) throw new ContrastiveException($"--crop-scale must be in (0, 1], got {CropMinScale}.");
        MethodOptions.Validate();
        Training.Validate();
        return this;
    }
}

using Contrastive.Core.Training;

namespace Contrastive.Vision.Training;

/// <summary>What a fine-tuning run reports: the training, the labelled images used, where the classifier sat
/// (hidden head layers kept) and the final model's top-1 accuracy on the test images (null without a test split).</summary>
public sealed record FineTuningResult(TrainingResult Training, int LabelledImages, int HeadLayers, int FeatureDim,
                                      double? TestAccuracy, int TestImages);

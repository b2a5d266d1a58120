using Contrastive.Core;
using Contrastive.Vision.Data;
using static TorchSharp.torch;

namespace Contrastive.Vision.Evaluation;

/// <summary>Top-1 predictions and accuracy of a frozen image classifier (run in batches by <see cref="FeatureExtractor"/>).</summary>
public static class ClassifierEvaluation
{
    /// <param name="logits">Images (B, C, H, W) → logits (B, classes).</param>
    /// <returns>(N) int64 arg-max classes.</returns>
    public static Tensor Predictions(Func<Tensor, Tensor> logits, Tensor images)
    {
        using var all = FeatureExtractor.Extract(logits, images);
        return all.argmax(1);
    }

    /// <summary>Fraction of <paramref name="data"/>'s images whose predicted class is the label.</summary>
    public static double Accuracy(Func<Tensor, Tensor> logits, ImageDataset data)
    {
        if (data.Labels is null) throw new ContrastiveException($"{data.Source}: accuracy needs labelled images.");
        using var scope = NewDisposeScope();
        return Predictions(logits, data.Images).eq(data.Labels).to_type(ScalarType.Float64).mean().item<double>();
    }
}

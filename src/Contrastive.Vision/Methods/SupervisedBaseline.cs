using Contrastive.Vision.Encoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// The supervised reference for the self-supervised methods: the same encoder with a linear <c>classifier</c> trained
/// by cross-entropy on the labels of the first view (same augmentations), so the linear probe of its features is
/// an upper reference for the same budget.
/// </summary>
public sealed class SupervisedBaseline : VisionMethod
{
    public SupervisedBaseline(ImageEncoderConfig encoder, int imageSize, int numClasses, Generator generator)
        : base(Build(encoder, numClasses, generator), VisionMethodKind.Supervised, imageSize) { }

    static VisionNetwork Build(ImageEncoderConfig encoder, int numClasses, Generator generator)
    {
        if (numClasses < 2) throw new Core.ContrastiveException($"The supervised baseline needs labelled data with at least 2 classes, got {numClasses}.");
        var backbone = encoder.Create(generator);
        var classifier = nn.Linear(backbone.FeatureDim, numClasses);
        VisionInit.Apply(classifier, generator);
        return new VisionNetwork(backbone, null, classifier: classifier);
    }

    public override Tensor ComputeLoss(ImageBatch batch)
    {
        var labels = batch.Labels ?? throw new Core.ContrastiveException("The supervised baseline needs labelled training data.");
        var logits = Network.Classifier!.forward(Network.Backbone.forward(batch.Views[0]));   // (B, classes)
        return nn.functional.cross_entropy(logits, labels);
    }
}

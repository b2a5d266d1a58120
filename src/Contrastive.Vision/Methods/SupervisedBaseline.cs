using Contrastive.Vision.Encoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// The supervised reference for the self-supervised methods: the same encoder with a linear <c>classifier</c> trained
/// by cross-entropy on the labels of the first view (same augmentations), so the linear probe of its features is
/// an upper reference for the same budget. Started from a pretrained encoder (<see cref="FromEncoder"/>) it is
/// supervised fine-tuning of the whole network (SimCLR v2's second step; from the backbone or from the backbone plus
/// the first layer of SimCLR v2's projection head, a <see cref="HeadLayerEncoder"/>).
/// </summary>
public sealed class SupervisedBaseline : VisionMethod
{
    public SupervisedBaseline(ImageEncoderConfig encoder, int imageSize, int numClasses, Generator generator)
        : base(Build(encoder, numClasses, generator), VisionMethodKind.Supervised, imageSize) { }

    SupervisedBaseline(VisionNetwork network, int imageSize) : base(network, VisionMethodKind.Supervised, imageSize) { }

    /// <summary>Fine-tuning: <paramref name="encoder"/> (trained, e.g. loaded from a model folder) and a new linear
    /// classifier on its features, all trained.</summary>
    public static SupervisedBaseline FromEncoder(ImageEncoder encoder, int imageSize, int numClasses, Generator generator)
    {
        foreach (var p in encoder.parameters()) p.requires_grad = true;
        return new SupervisedBaseline(Build(encoder, numClasses, generator), imageSize);
    }

    static VisionNetwork Build(ImageEncoderConfig encoder, int numClasses, Generator generator) =>
        Build(encoder.Create(generator), numClasses, generator);

    static VisionNetwork Build(ImageEncoder backbone, int numClasses, Generator generator)
    {
        if (numClasses < 2) throw new Core.ContrastiveException($"The supervised baseline needs labelled data with at least 2 classes, got {numClasses}.");
        var classifier = nn.Linear(backbone.FeatureDim, numClasses);
        VisionInit.Apply(classifier, generator);
        return new VisionNetwork(backbone, null, classifier: classifier);
    }

    public override Tensor ComputeLoss(ImageBatch batch)
    {
        var labels = batch.Labels ?? throw new Core.ContrastiveException("The supervised baseline needs labelled training data.");
        return nn.functional.cross_entropy(Logits(batch.Views[0]), labels);
    }

    /// <summary>classifier(backbone(x)): (B, C, H, W) → (B, classes).</summary>
    public Tensor Logits(Tensor images)
    {
        using var scope = NewDisposeScope();
        return Network.Classifier!.forward(Network.Backbone.forward(images)).MoveToOuterDisposeScope();
    }
}

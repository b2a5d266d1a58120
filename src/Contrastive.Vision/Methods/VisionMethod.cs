using Contrastive.Core.Training;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// What the vision methods share as <see cref="ITrainingMethod{TBatch}"/>s: the <see cref="VisionNetwork"/> is the
/// model optimised and checkpointed (frozen momentum parts included), and the usable model is the backbone alone,
/// written as a <see cref="VisionModelFolder"/>.
/// </summary>
public abstract class VisionMethod : ITrainingMethod<ImageBatch>
{
    protected VisionMethod(VisionNetwork network, VisionMethodKind kind, int imageSize)
    {
        Network = network ?? throw new ArgumentNullException(nameof(network));
        Kind = kind;
        ImageSize = imageSize;
    }

    public VisionNetwork Network { get; }
    public VisionMethodKind Kind { get; }
    public int ImageSize { get; }

    public nn.Module Model => Network;

    public abstract Tensor ComputeLoss(ImageBatch batch);

    public virtual void OnStepEnd(int step, int totalSteps) { }

    /// <summary>Hidden layers of the projection head kept on top of the backbone in the saved model
    /// (<see cref="VisionMethodOptions.KeptHeadLayers"/>).</summary>
    public int KeptHeadLayers { get; private set; }

    /// <summary>Augmented views drawn per image: 2 for the two-view methods; CMC makes its views from one.</summary>
    public virtual int ViewsPerImage => 2;

    /// <summary>Writes the backbone (and, when the method has them, the projection head and the classifier) as a
    /// <see cref="VisionModelFolder"/>; a backbone that is itself a backbone + kept head layers (fine-tuning from SimCLR
    /// v2's head) is written as such.</summary>
    public void SaveModel(string directory) =>
        VisionModelFolder.Save(directory, Network.Backbone, Kind.ToName(), ImageSize, Network.ProjectionHead, KeptHeadLayers, Network.Classifier);

    /// <summary>The two views of a batch, which the contrastive methods need.</summary>
    protected static (Tensor V1, Tensor V2) TwoViews(ImageBatch batch)
    {
        if (batch.Views.Count < 2) throw new ArgumentException($"This method needs 2 views per image, the batch has {batch.Views.Count}.", nameof(batch));
        return (batch.Views[0], batch.Views[1]);
    }

    /// <summary>Builds the method <paramref name="kind"/> on a new encoder, every weight drawn from <paramref name="generator"/>.</summary>
    /// <param name="numClasses">Classes of the supervised baseline (ignored otherwise).</param>
    public static VisionMethod Create(VisionMethodKind kind, ImageEncoderConfig encoder, VisionMethodOptions options, int imageSize,
                                      Generator generator, int numClasses = 0)
    {
        VisionMethod method = kind switch
        {
        VisionMethodKind.SimClr => new SimClr(encoder, options, imageSize, generator),
        VisionMethodKind.MoCo => new MoCoV2(encoder, options, imageSize, generator),
        VisionMethodKind.Byol => new Byol(encoder, options, imageSize, generator),
        VisionMethodKind.SimSiam => new SimSiam(encoder, options, imageSize, generator),
        VisionMethodKind.Supervised => new SupervisedBaseline(encoder, imageSize, numClasses, generator),
        VisionMethodKind.SupCon => new SupCon(encoder, options, imageSize, generator),
        VisionMethodKind.Cmc => new Cmc(encoder, options, imageSize, generator),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        if (options.KeptHeadLayers > 0)
        {
            int hidden = method.Network.ProjectionHead?.Options.HiddenLayers ?? 0;
            if (options.KeptHeadLayers > hidden)
                throw new Core.ContrastiveException($"--keep-head-layers {options.KeptHeadLayers}: the {kind.ToName()} projection head has {hidden} hidden layer(s).");
            method.KeptHeadLayers = options.KeptHeadLayers;
        }
        return method;
    }
}

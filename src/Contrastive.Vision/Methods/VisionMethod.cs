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

    public void SaveModel(string directory) =>
        VisionModelFolder.Save(directory, Network.Backbone, new VisionModelManifest(Kind.ToName(), Network.Backbone.Config, ImageSize));

    /// <summary>The two views of a batch, which the contrastive methods need.</summary>
    protected static (Tensor V1, Tensor V2) TwoViews(ImageBatch batch)
    {
        if (batch.Views.Count < 2) throw new ArgumentException($"This method needs 2 views per image, the batch has {batch.Views.Count}.", nameof(batch));
        return (batch.Views[0], batch.Views[1]);
    }

    /// <summary>Builds the method <paramref name="kind"/> on a new encoder, every weight drawn from <paramref name="generator"/>.</summary>
    /// <param name="numClasses">Classes of the supervised baseline (ignored otherwise).</param>
    public static VisionMethod Create(VisionMethodKind kind, ImageEncoderConfig encoder, VisionMethodOptions options, int imageSize,
                                      Generator generator, int numClasses = 0) => kind switch
    {
        VisionMethodKind.SimClr => new SimClr(encoder, options, imageSize, generator),
        VisionMethodKind.MoCo => new MoCoV2(encoder, options, imageSize, generator),
        VisionMethodKind.Byol => new Byol(encoder, options, imageSize, generator),
        VisionMethodKind.SimSiam => new SimSiam(encoder, options, imageSize, generator),
        VisionMethodKind.Supervised => new SupervisedBaseline(encoder, imageSize, numClasses, generator),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

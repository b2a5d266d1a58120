using Contrastive.Core.Heads;
using static TorchSharp.torch;

namespace Contrastive.Vision.Encoders;

/// <summary>
/// A backbone followed by the first <see cref="Layers"/> hidden layers of its projection head
/// (<see cref="MlpHead.ForwardHidden"/>): SimCLR v2's representation for fine-tuning and probing ("fine-tune from the
/// 1st layer of projection head", Chen et al. 2020b). Built by <c>VisionModelFolder.Load</c>; registered as
/// <c>backbone</c> and <c>projection_head</c>.
/// </summary>
public sealed class HeadLayerEncoder : ImageEncoder
{
    private readonly ImageEncoder backbone;
    private readonly MlpHead projection_head;

    public HeadLayerEncoder(ImageEncoder backbone, MlpHead head, int layers) : base(nameof(HeadLayerEncoder))
    {
        if (layers < 1 || layers > head.Options.HiddenLayers)
            throw new ArgumentOutOfRangeException(nameof(layers), layers, $"The head has {head.Options.HiddenLayers} hidden layer(s); keep between 1 and that many.");
        if (head.Options.InputDim != backbone.FeatureDim)
            throw new ArgumentException($"The head takes {head.Options.InputDim}-d inputs, the backbone gives {backbone.FeatureDim}-d features.", nameof(head));
        this.backbone = backbone;
        projection_head = head;
        Layers = layers;
        RegisterComponents();
    }

    /// <summary>Hidden layers of the head kept.</summary>
    public int Layers { get; }

    public ImageEncoder Backbone => backbone;

    /// <summary>The whole projection head (only its first <see cref="Layers"/> hidden layers are applied).</summary>
    public MlpHead Head => projection_head;

    public override ImageEncoderConfig Config => backbone.Config;

    public override int FeatureDim => projection_head.Options.Widths[Layers];

    public override long MultiplyAdds(int height, int width) =>
        backbone.MultiplyAdds(height, width) + projection_head.Options.Widths.Take(Layers + 1).Zip(projection_head.Options.Widths.Skip(1)).Take(Layers).Sum(p => (long)p.First * p.Second);

    /// <summary>(B, C, H, W) → (B, Widths[Layers]).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return projection_head.ForwardHidden(backbone.forward(images), Layers).MoveToOuterDisposeScope();
    }
}

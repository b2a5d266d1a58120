using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Vision.Encoders;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// Supervised contrastive learning (Khosla et al. 2020, arXiv:2004.11362): SimCLR's two augmented views through
/// backbone f and projection g (<see cref="VisionMethodOptions.ProjectionFor"/>), z = g(f(x)), and the SupCon L_out
/// loss (<see cref="SupConLoss"/>) over the 2N projections, every view whose image has the same label being a
/// positive of the anchor (τ = 0.07, τ_base = 0.07). The labels come from the dataset.
/// </summary>
public sealed class SupCon : VisionMethod
{
    readonly SupConLoss _loss;

    public SupCon(ImageEncoderConfig encoder, VisionMethodOptions options, int imageSize, Generator generator)
        : base(SimClr.Build(encoder, options, generator), VisionMethodKind.SupCon, imageSize)
    {
        _loss = new SupConLoss(options.TemperatureFor(VisionMethodKind.SupCon));
    }

    public override Tensor ComputeLoss(ImageBatch batch)
    {
        var labels = batch.Labels ?? throw new ContrastiveException("SupCon needs labelled training data (an IDX folder, a digits CSV or class sub-folders).");
        var (v1, v2) = TwoViews(batch);
        var z = Network.Project(cat([v1, v2], 0));            // (2N, P)
        return _loss.forward(z, cat([labels, labels], 0));     // views of one image share its label
    }
}

using Contrastive.Core.Heads;
using Contrastive.Core.Losses;
using Contrastive.Vision.Encoders;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// SimCLR (Chen et al. 2020, arXiv:2002.05709): both views through backbone f and projection g (the SimCLR preset of
/// <see cref="MlpHead"/>, or SimCLR v2's 3-layer head with <see cref="VisionMethodOptions.HeadLayers"/> = 3), z = g(f(x)), and the NT-Xent loss over the 2N projections with cosine similarity / τ, each
/// view's positive against the other 2N − 2 embeddings, both directions (or, with
/// <see cref="VisionMethodOptions.Hcl"/>, <see cref="HardNegativeLoss"/> over the same negatives). Normalisation: the mean of the 2N terms
/// (the paper's algorithm; the official code's sum of two per-view means is twice this), see <see cref="NtXentLoss"/>.
/// Both views go through the backbone in one batch of 2N, so BatchNorm statistics span both views.
/// </summary>
public sealed class SimClr : VisionMethod
{
    readonly nn.Module<Tensor, Tensor, Tensor> _loss;

    public SimClr(ImageEncoderConfig encoder, VisionMethodOptions options, int imageSize, Generator generator)
        : base(Build(encoder, options, generator), VisionMethodKind.SimClr, imageSize)
    {
        double temperature = options.TemperatureFor(VisionMethodKind.SimClr);
        _loss = options.Hcl is { } hcl ? hcl.CreateLoss(temperature) : new NtXentLoss(temperature);
    }

    /// <summary>Backbone and the SimCLR (or SimCLR v2) projection head; shared with <see cref="SupCon"/>.</summary>
    internal static VisionNetwork Build(ImageEncoderConfig encoder, VisionMethodOptions options, Generator generator)
    {
        var backbone = encoder.Create(generator);
        var head = new MlpHead(options.ProjectionFor(backbone.FeatureDim));
        VisionInit.Apply(head, generator);
        return new VisionNetwork(backbone, head);
    }

    public override Tensor ComputeLoss(ImageBatch batch)
    {
        var (v1, v2) = TwoViews(batch);
        long n = v1.shape[0];
        var z = Network.Project(cat([v1, v2], 0));            // (2N, P)
        return _loss.forward(z.narrow(0, 0, n), z.narrow(0, n, n));
    }
}

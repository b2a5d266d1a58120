using Contrastive.Core.Heads;
using Contrastive.Core.Losses;
using Contrastive.Vision.Encoders;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// SimSiam (Chen and He 2021, arXiv:2011.10566): z = g(f(x)) with the SimSiam projection preset (3 layers, BN on the
/// output), p = h(z) with the bottleneck predictor preset, and the symmetrised negative cosine with stop-gradient,
/// L = D(p₁, sg(z₂))/2 + D(p₂, sg(z₁))/2 (<see cref="NegativeCosineLoss"/>). Without the stop-gradient (ablation,
/// <see cref="VisionMethodOptions.StopGradient"/> false) the gradient also flows through z, and the paper reports
/// collapse (Figure 2).
/// </summary>
public sealed class SimSiam : VisionMethod
{
    readonly NegativeCosineLoss _loss;

    public SimSiam(ImageEncoderConfig encoder, VisionMethodOptions options, int imageSize, Generator generator)
        : base(Build(encoder, options, generator), VisionMethodKind.SimSiam, imageSize)
    {
        _loss = new NegativeCosineLoss(options.StopGradient);
    }

    static VisionNetwork Build(ImageEncoderConfig encoder, VisionMethodOptions options, Generator generator)
    {
        var backbone = encoder.Create(generator);
        int d = options.HiddenDim;
        var head = new MlpHead(MlpHeadOptions.SimSiamProjection(backbone.FeatureDim, d, d));
        var predictor = new MlpHead(MlpHeadOptions.SimSiamPrediction(d, d / 4, d));
        VisionInit.Apply(head, generator);
        VisionInit.Apply(predictor, generator);
        return new VisionNetwork(backbone, head, predictor);
    }

    public override Tensor ComputeLoss(ImageBatch batch)
    {
        var (v1, v2) = TwoViews(batch);
        long n = v1.shape[0];
        var z = Network.Project(cat([v1, v2], 0));                          // (2N, D)
        var p = Network.PredictionHead!.forward(z);                         // (2N, D)
        return SymmetricLoss(p.narrow(0, 0, n), p.narrow(0, n, n), z.narrow(0, 0, n), z.narrow(0, n, n));
    }

    /// <summary>D(p₁, z₂)/2 + D(p₂, z₁)/2, with z detached when the stop-gradient is on.</summary>
    internal Tensor SymmetricLoss(Tensor p1, Tensor p2, Tensor z1, Tensor z2) =>
        0.5 * (_loss.forward(p1, z2) + _loss.forward(p2, z1));
}

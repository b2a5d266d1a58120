using Contrastive.Core.Heads;
using Contrastive.Core.Losses;
using Contrastive.Core.Momentum;
using Contrastive.Vision.Encoders;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// BYOL (Grill et al. 2020, arXiv:2006.07733): online network f, g (BYOL projection preset) and predictor q (BYOL
/// prediction preset); target network f_ξ, g_ξ (<c>backbone_momentum</c>, <c>projection_head_momentum</c>), frozen and
/// updated after each step by EMA with τ_k = 1 − (1 − τ_base)(cos(πk/K) + 1)/2 (<see cref="CosineMomentumSchedule"/>).
/// Loss: the negative cosine similarity (<see cref="NegativeCosineLoss"/>; BYOL's normalised MSE is 2 + 2 × this)
/// symmetrised, (D(q(z₁), z'₂) + D(q(z₂), z'₁)) / 2; no negatives. With <see cref="VisionMethodOptions.Ema"/> off,
/// τ = 0: the target is a copy of the online network after every step (the paper's τ = 0 ablation, Table 5).
/// </summary>
public sealed class Byol : VisionMethod
{
    readonly NegativeCosineLoss _loss = new();
    readonly CosineMomentumSchedule _schedule;
    readonly bool _ema;

    public Byol(ImageEncoderConfig encoder, VisionMethodOptions options, int imageSize, Generator generator)
        : base(Build(encoder, options, generator), VisionMethodKind.Byol, imageSize)
    {
        _schedule = new CosineMomentumSchedule(options.ByolBaseMomentum);
        _ema = options.Ema;
    }

    static VisionNetwork Build(ImageEncoderConfig encoder, VisionMethodOptions options, Generator generator)
    {
        var backbone = encoder.Create(generator);
        var projection = MlpHeadOptions.ByolProjection(backbone.FeatureDim, options.HiddenDim, options.ProjectionDim);
        var head = new MlpHead(projection);
        var predictor = new MlpHead(MlpHeadOptions.ByolPrediction(options.ProjectionDim, options.HiddenDim, options.ProjectionDim));
        VisionInit.Apply(head, generator);
        VisionInit.Apply(predictor, generator);
        var backboneMomentum = encoder.Create(generator);
        var headMomentum = new MlpHead(projection);
        EmaUpdater.CopyAndFreeze(backboneMomentum, backbone);
        EmaUpdater.CopyAndFreeze(headMomentum, head);
        return new VisionNetwork(backbone, head, predictor, backboneMomentum, headMomentum);
    }

    public override Tensor ComputeLoss(ImageBatch batch)
    {
        var (v1, v2) = TwoViews(batch);
        long n = v1.shape[0];
        var both = cat([v1, v2], 0);
        var p = Network.PredictionHead!.forward(Network.Project(both));     // (2N, P) online predictions
        var target = Network.ProjectMomentum(both);                         // (2N, P) target projections, no grad
        return 0.5 * (_loss.forward(p.narrow(0, 0, n), target.narrow(0, n, n)) +
                      _loss.forward(p.narrow(0, n, n), target.narrow(0, 0, n)));
    }

    /// <summary>τ at step k of K, or 0 without EMA.</summary>
    public double Momentum(int step, int totalSteps) => _ema ? _schedule.At(step, totalSteps) : 0.0;

    public override void OnStepEnd(int step, int totalSteps)
    {
        double tau = Momentum(step, totalSteps);
        EmaUpdater.Update(Network.BackboneMomentum!, Network.Backbone, tau);
        EmaUpdater.Update(Network.ProjectionHeadMomentum!, Network.ProjectionHead!, tau);
    }
}

using Contrastive.Core.Heads;
using Contrastive.Core.Losses;
using Contrastive.Core.Memory;
using Contrastive.Core.Momentum;
using Contrastive.Vision.Encoders;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// MoCo v2 (He et al. 2020, arXiv:1911.05722; Chen et al. 2020, arXiv:2003.04297): query q = normalize(g(f(x₁))),
/// key k = normalize(g_m(f_m(x₂))) from the momentum encoder (<c>backbone_momentum</c>, <c>projection_head_momentum</c>:
/// frozen copies updated by EMA with momentum m after each optimizer step), and InfoNCE against a queue of K negatives
/// (<see cref="MoCoLoss"/>): L = −log( exp(q·k/τ) / (exp(q·k/τ) + Σ_{n ∈ queue} exp(q·n/τ)) ), τ = 0.2.
/// The batch's keys are enqueued after the logits are formed (the official order). Optional symmetric loss:
/// (L(x₁, x₂) + L(x₂, x₁)) / 2, enqueuing both key sets.
/// </summary>
public sealed class MoCoV2 : VisionMethod
{
    readonly VisionMethodOptions _options;
    readonly MoCoLoss _loss;

    public MoCoV2(ImageEncoderConfig encoder, VisionMethodOptions options, int imageSize, Generator generator)
        : base(Build(encoder, options, generator), VisionMethodKind.MoCo, imageSize)
    {
        _options = options;
        _loss = new MoCoLoss(options.TemperatureFor(VisionMethodKind.MoCo));
    }

    static VisionNetwork Build(ImageEncoderConfig encoder, VisionMethodOptions options, Generator generator)
    {
        var backbone = encoder.Create(generator);
        var headOptions = MlpHeadOptions.MoCoV2Projection(backbone.FeatureDim, options.HiddenDim, options.ProjectionDim);
        var head = new MlpHead(headOptions);
        VisionInit.Apply(head, generator);
        var backboneMomentum = encoder.Create(generator);
        var headMomentum = new MlpHead(headOptions);
        EmaUpdater.CopyAndFreeze(backboneMomentum, backbone);
        EmaUpdater.CopyAndFreeze(headMomentum, head);
        var queue = new NegativeQueue(options.QueueSize, options.ProjectionDim, generator);
        return new VisionNetwork(backbone, head, null, backboneMomentum, headMomentum, queue);
    }

    public override Tensor ComputeLoss(ImageBatch batch)
    {
        var (v1, v2) = TwoViews(batch);
        var negatives = Network.Queue!.Snapshot();                                                     // (K, P)
        if (!_options.Symmetric)
        {
            var q = nn.functional.normalize(Network.Project(v1), p: 2, dim: 1);                         // (N, P)
            var k = nn.functional.normalize(Network.ProjectMomentum(v2), p: 2, dim: 1);                 // (N, P)
            var loss = _loss.forward(q, k, negatives);
            Network.Queue.Enqueue(k);
            return loss;
        }
        long n = v1.shape[0];
        var both = cat([v1, v2], 0);
        var qs = nn.functional.normalize(Network.Project(both), p: 2, dim: 1);                          // (2N, P)
        var ks = nn.functional.normalize(Network.ProjectMomentum(both), p: 2, dim: 1);                  // (2N, P)
        var symmetric = 0.5 * (_loss.forward(qs.narrow(0, 0, n), ks.narrow(0, n, n), negatives) +
                               _loss.forward(qs.narrow(0, n, n), ks.narrow(0, 0, n), negatives));
        Network.Queue.Enqueue(ks);
        return symmetric;
    }

    /// <summary>Momentum update of the key encoder after each optimizer step: θ_k ← m θ_k + (1 − m) θ_q.</summary>
    public override void OnStepEnd(int step, int totalSteps)
    {
        EmaUpdater.Update(Network.BackboneMomentum!, Network.Backbone, _options.MoCoMomentum);
        EmaUpdater.Update(Network.ProjectionHeadMomentum!, Network.ProjectionHead!, _options.MoCoMomentum);
    }
}

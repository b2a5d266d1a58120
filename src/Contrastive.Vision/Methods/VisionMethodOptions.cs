using Contrastive.Core;
using Contrastive.Core.Heads;
using Contrastive.Core.Losses;
using Contrastive.Vision.Encoders;

namespace Contrastive.Vision.Methods;

/// <summary>
/// Hyper-parameters of the vision methods, with the papers' defaults scaled to small CPU encoders (heads of width
/// <see cref="HiddenDim"/> instead of 2048 / 4096).
/// </summary>
public sealed record VisionMethodOptions
{
    /// <summary>Hidden width of the projection and prediction MLPs (papers: 2048, BYOL 4096).</summary>
    public int HiddenDim { get; init; } = 512;

    /// <summary>Output width of the SimCLR / MoCo / BYOL projection (papers: 128, BYOL 256). SimSiam projects to
    /// <see cref="HiddenDim"/> and its predictor's bottleneck is HiddenDim / 4 (2048 and 512 in the paper).</summary>
    public int ProjectionDim { get; init; } = 128;

    /// <summary>Linear layers of the SimCLR / SupCon projection head: 2 (SimCLR) or 3 (SimCLR v2's deeper head).</summary>
    public int HeadLayers { get; init; } = 2;

    /// <summary>Hidden layers of the projection head kept on top of the backbone in the saved model (and so in
    /// <c>vision eval</c>'s kNN and linear probe): 0 = the backbone alone; SimCLR v2 keeps 1 ("fine-tune from the
    /// 1st layer of projection head"). The whole head is saved either way; <c>vision eval --probe-layer</c> overrides.</summary>
    public int KeptHeadLayers { get; init; }

    /// <summary>CMC: core-view or full-graph objective (<see cref="Core.Losses.CmcGraph"/>).</summary>
    public CmcGraph CmcGraph { get; init; } = CmcGraph.Core;

    /// <summary>CMC: the channel views, the first being the core view; null: L, ab for colour images, intensity,
    /// Sobel for grey ones (<see cref="ChannelViews.Default"/>).</summary>
    public IReadOnlyList<ChannelView>? CmcViews { get; init; }

    /// <summary>Temperature: SimCLR's NT-Xent (CIFAR-10: 0.5), MoCo v2's InfoNCE (0.2), SupCon and CMC 0.07.</summary>
    public double? Temperature { get; init; }

    /// <summary>MoCo queue size K (MoCo CIFAR demo: 4096).</summary>
    public int QueueSize { get; init; } = 4096;

    /// <summary>MoCo key-encoder momentum m (MoCo CIFAR demo: 0.99; ImageNet: 0.999).</summary>
    public double MoCoMomentum { get; init; } = 0.99;

    /// <summary>MoCo: symmetric loss over both view orders (MoCo CIFAR demo option).</summary>
    public bool Symmetric { get; init; }

    /// <summary>BYOL's τ_base (0.996).</summary>
    public double ByolBaseMomentum { get; init; } = 0.996;

    /// <summary>BYOL: false turns the EMA off (the target is the online network at every step, τ = 0; ablation).</summary>
    public bool Ema { get; init; } = true;

    /// <summary>SimSiam: false removes the stop-gradient (ablation; the paper's Figure 2 shows it collapses).</summary>
    public bool StopGradient { get; init; } = true;

    /// <summary>SimCLR: the hard-negative-aware loss (Robinson et al. 2021) instead of NT-Xent; null: NT-Xent.</summary>
    public HclOptions? Hcl { get; init; }

    /// <summary>The temperature in effect for a method.</summary>
    public double TemperatureFor(VisionMethodKind kind) => Temperature ?? kind switch
    {
        VisionMethodKind.MoCo => 0.2,
        VisionMethodKind.SupCon or VisionMethodKind.Cmc => 0.07,
        _ => 0.5,
    };

    /// <summary>The SimCLR / SupCon projection head on <paramref name="featureDim"/>-d features: SimCLR's 2-layer
    /// head or, with <see cref="HeadLayers"/> = 3, SimCLR v2's.</summary>
    public MlpHeadOptions ProjectionFor(int featureDim) => HeadLayers == 3
        ? MlpHeadOptions.SimClrV2Projection(featureDim, HiddenDim, ProjectionDim)
        : MlpHeadOptions.SimClrProjection(featureDim, HiddenDim, ProjectionDim);

    public VisionMethodOptions Validate()
    {
        if (HiddenDim < 4) throw new ContrastiveException($"The head hidden width must be at least 4, got {HiddenDim}.");
        if (ProjectionDim < 1) throw new ContrastiveException($"The projection width must be positive, got {ProjectionDim}.");
        if (Temperature is { } t && (!(t > 0) || double.IsInfinity(t))) throw new ContrastiveException($"The temperature must be positive, got {t}.");
        if (QueueSize < 1) throw new ContrastiveException($"The queue size must be positive, got {QueueSize}.");
        if (MoCoMomentum is < 0 or > 1) throw new ContrastiveException($"The MoCo momentum must be in [0, 1], got {MoCoMomentum}.");
        if (ByolBaseMomentum is < 0 or > 1) throw new ContrastiveException($"The BYOL base momentum must be in [0, 1], got {ByolBaseMomentum}.");
        if (HeadLayers is not (2 or 3)) throw new ContrastiveException($"The projection head has 2 (SimCLR) or 3 (SimCLR v2) layers, got {HeadLayers}.");
        if (KeptHeadLayers < 0 || KeptHeadLayers > HeadLayers - 1)
            throw new ContrastiveException($"The kept head layers must be between 0 and {HeadLayers - 1} (the head's hidden layers), got {KeptHeadLayers}.");
        if (CmcViews is { Count: < 2 }) throw new ContrastiveException($"CMC needs at least two views, got {CmcViews.Count}.");
        Hcl?.Validate();
        return this;
    }
}

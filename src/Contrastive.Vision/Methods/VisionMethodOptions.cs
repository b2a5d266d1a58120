using Contrastive.Core.Losses;

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

    /// <summary>Temperature: SimCLR's NT-Xent (CIFAR-10: 0.5), MoCo v2's InfoNCE (0.2).</summary>
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
    public double TemperatureFor(VisionMethodKind kind) => Temperature ?? (kind == VisionMethodKind.MoCo ? 0.2 : 0.5);

    public VisionMethodOptions Validate()
    {
        if (HiddenDim < 4) throw new ArgumentException($"The head hidden width must be at least 4, got {HiddenDim}.", nameof(HiddenDim));
        if (ProjectionDim < 1) throw new ArgumentException($"The projection width must be positive, got {ProjectionDim}.", nameof(ProjectionDim));
        if (Temperature is { } t && (!(t > 0) || double.IsInfinity(t))) throw new ArgumentException($"The temperature must be positive, got {t}.", nameof(Temperature));
        if (QueueSize < 1) throw new ArgumentException($"The queue size must be positive, got {QueueSize}.", nameof(QueueSize));
        if (MoCoMomentum is < 0 or > 1) throw new ArgumentException($"The MoCo momentum must be in [0, 1], got {MoCoMomentum}.", nameof(MoCoMomentum));
        if (ByolBaseMomentum is < 0 or > 1) throw new ArgumentException($"The BYOL base momentum must be in [0, 1], got {ByolBaseMomentum}.", nameof(ByolBaseMomentum));
        Hcl?.Validate();
        return this;
    }
}

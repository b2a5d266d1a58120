using Contrastive.Core.Heads;
using Contrastive.Core.Memory;
using Contrastive.Vision.Encoders;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// Every module a vision method trains or carries, under lightly's names (the state-dict keys of a checkpoint):
/// <c>backbone</c>, <c>projection_head</c>, <c>prediction_head</c> (BYOL, SimSiam), <c>backbone_momentum</c> and
/// <c>projection_head_momentum</c> (MoCo, BYOL: frozen EMA copies), <c>queue</c> (MoCo's negatives) and
/// <c>classifier</c> (supervised baseline) and <c>view_heads</c> (CMC: one projection per view). Absent parts are
/// null and not registered.
/// </summary>
public sealed class VisionNetwork : nn.Module
{
    private readonly ImageEncoder backbone;
    private readonly MlpHead? projection_head;
    private readonly MlpHead? prediction_head;
    private readonly ImageEncoder? backbone_momentum;
    private readonly MlpHead? projection_head_momentum;
    private readonly NegativeQueue? queue;
    private readonly Linear? classifier;
    private readonly ModuleList<MlpHead>? view_heads;

    public VisionNetwork(ImageEncoder backbone, MlpHead? projectionHead, MlpHead? predictionHead = null,
                         ImageEncoder? backboneMomentum = null, MlpHead? projectionHeadMomentum = null,
                         NegativeQueue? queue = null, Linear? classifier = null,
                         IReadOnlyList<MlpHead>? viewHeads = null) : base(nameof(VisionNetwork))
    {
        this.backbone = backbone ?? throw new ArgumentNullException(nameof(backbone));
        projection_head = projectionHead;
        prediction_head = predictionHead;
        backbone_momentum = backboneMomentum;
        projection_head_momentum = projectionHeadMomentum;
        this.queue = queue;
        this.classifier = classifier;
        view_heads = viewHeads is null ? null : new ModuleList<MlpHead>(viewHeads.ToArray());
        RegisterComponents();
    }

    public ImageEncoder Backbone => backbone;
    public MlpHead? ProjectionHead => projection_head;
    public MlpHead? PredictionHead => prediction_head;
    public ImageEncoder? BackboneMomentum => backbone_momentum;
    public MlpHead? ProjectionHeadMomentum => projection_head_momentum;
    public NegativeQueue? Queue => queue;
    public Linear? Classifier => classifier;
    public IReadOnlyList<MlpHead>? ViewHeads => view_heads?.ToArray();

    /// <summary>z = projection_head(backbone(x)), (B, P); the backbone features when there is no projection head.</summary>
    public Tensor Project(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = backbone.forward(images);
        return (projection_head is null ? h : projection_head.forward(h)).MoveToOuterDisposeScope();
    }

    /// <summary>z' = projection_head_momentum(backbone_momentum(x)) under no_grad, (B, P).</summary>
    public Tensor ProjectMomentum(Tensor images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var h = backbone_momentum!.forward(images);
        return projection_head_momentum!.forward(h).detach().MoveToOuterDisposeScope();
    }
}

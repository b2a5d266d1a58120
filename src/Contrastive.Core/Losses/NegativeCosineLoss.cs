using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// Negative cosine similarity with stop-gradient, the loss of BYOL and SimSiam:
/// D(p, z) = −(1/N) Σ_i cos(p_i, stopgrad(z_i)); p and z are (N, D), the result a scalar.
/// Chen, He, "Exploring Simple Siamese Representation Learning", CVPR 2021, arXiv:2011.10566, eq. 1–3;
/// Grill et al., "Bootstrap Your Own Latent", NeurIPS 2020, arXiv:2006.07733 (whose normalised MSE equals 2 + 2D).
/// <para>
/// The target z is detached inside the loss, so no gradient ever reaches it (or the branch that produced it); only
/// the prediction p is trained. SimSiam's symmetrised loss is D(p1, z2)/2 + D(p2, z1)/2, two calls of this module.
/// With <see cref="StopGradient"/> false (SimSiam's ablation, section 4.1 and Figure 2, where the representation
/// collapses) the gradient also flows into z.
/// </para>
/// </summary>
public sealed class NegativeCosineLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Whether the targets are detached (the papers' loss: true).</summary>
    public bool StopGradient { get; }

    /// <param name="stopGradient">Detach the targets (true) or let the gradient reach them (the ablation).</param>
    public NegativeCosineLoss(bool stopGradient = true) : base(nameof(NegativeCosineLoss)) => StopGradient = stopGradient;

    /// <param name="predictions">(N, D) p, receives the gradient.</param>
    /// <param name="targets">(N, D) z, detached when <see cref="StopGradient"/> is true.</param>
    /// <returns>Scalar in [−1, 1]; −1 when every prediction points along its target.</returns>
    public override Tensor forward(Tensor predictions, Tensor targets)
    {
        EmbeddingShape.RequireSameShape(predictions, nameof(predictions), targets, nameof(targets));
        using var scope = NewDisposeScope();
        var cos = CosineSimilarity.Rowwise(predictions, StopGradient ? targets.detach() : targets);   // (N)
        return cos.mean().neg().MoveToOuterDisposeScope();
    }
}

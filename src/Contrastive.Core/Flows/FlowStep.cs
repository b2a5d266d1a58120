using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Flows;

/// <summary>One Glow step of a <see cref="GlowFlow"/>: <c>actnorm</c> → <c>linear</c> (invertible) → <c>coupling</c>;
/// its log-determinant is the sum of the three.</summary>
public sealed class FlowStep : nn.Module
{
    private readonly ActNorm actnorm;
    private readonly InvertibleLinear linear;
    private readonly AffineCoupling coupling;

    public FlowStep(int dim, int hiddenDim, Generator? generator = null) : base(nameof(FlowStep))
    {
        actnorm = new ActNorm(dim);
        linear = new InvertibleLinear(dim, generator);
        coupling = new AffineCoupling(dim, hiddenDim, generator);
        RegisterComponents();
    }

    public ActNorm ActNorm => actnorm;

    /// <summary>x (N, D) → (y, log|det| (N)).</summary>
    public (Tensor Y, Tensor LogDet) Forward(Tensor x)
    {
        var (a, l1) = actnorm.Forward(x);
        var (b, l2) = linear.Forward(a);
        var (c, l3) = coupling.Forward(b);
        return (c, l1 + l2 + l3);
    }

    public Tensor Inverse(Tensor y) => actnorm.Inverse(linear.Inverse(coupling.Inverse(y)));
}

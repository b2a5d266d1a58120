using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Flows;

/// <summary>
/// Glow's invertible 1×1 convolution (arXiv:1807.03039, §3.2) on vectors, i.e. a learned invertible D × D matrix W
/// mixing the dimensions between coupling layers (a generalised permutation): y = x Wᵀ,
/// log|det ∂y/∂x| = log|det W| per sample, computed exactly with <c>slogdet</c> (the non-LU form of the paper).
/// W starts as a random rotation (QR of a Gaussian matrix, as Glow). State-dict key: <c>weight</c>.
/// </summary>
public sealed class InvertibleLinear : nn.Module
{
    private readonly Parameter weight;

    /// <param name="generator">Draws the initial rotation; null uses the global generator.</param>
    public InvertibleLinear(int dim, Generator? generator = null) : base(nameof(InvertibleLinear))
    {
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"The flow width must be positive, but it is {dim}.");
        using (NewDisposeScope())
        {
            var (q, _) = linalg.qr(randn(dim, dim, dtype: ScalarType.Float64, generator: generator));
            weight = new Parameter(q.contiguous().DetachFromDisposeScope());
        }
        RegisterComponents();
    }

    /// <summary>x (N, D) → (y = x Wᵀ, log|det W| expanded to (N)).</summary>
    public (Tensor Y, Tensor LogDet) Forward(Tensor x) =>
        (x.matmul(weight.t()), linalg.slogdet(weight).Item2.expand(x.shape[0]));

    /// <summary>y → x = y W⁻ᵀ.</summary>
    public Tensor Inverse(Tensor y) => linalg.solve(weight, y.t()).t();
}

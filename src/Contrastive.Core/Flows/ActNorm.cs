using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Flows;

/// <summary>
/// Glow's activation normalisation (Kingma, Dhariwal, "Glow: Generative Flow with Invertible 1x1 Convolutions",
/// NeurIPS 2018, arXiv:1807.03039, §3.1), on vectors: y = (x + b) ⊙ e^{s}, log|det ∂y/∂x| = Σ_d s_d per sample.
/// b and s are initialised from data (<see cref="Initialize"/>) so that the first batch leaves with zero mean and unit
/// variance per dimension, then trained as ordinary parameters. State-dict keys: <c>bias</c>, <c>logs</c>.
/// </summary>
public sealed class ActNorm : nn.Module
{
    private readonly Parameter bias;
    private readonly Parameter logs;

    public ActNorm(int dim) : base(nameof(ActNorm))
    {
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"The flow width must be positive, but it is {dim}.");
        bias = new Parameter(zeros(dim, dtype: ScalarType.Float64));
        logs = new Parameter(zeros(dim, dtype: ScalarType.Float64));
        RegisterComponents();
    }

    /// <summary>Data-dependent initialisation: b = −mean(x), s = −log(std(x) + 1e-6), per dimension.</summary>
    /// <param name="x">(N, D), N ≥ 2.</param>
    public void Initialize(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var xd = x.to(bias.dtype);
        bias.copy_(-xd.mean([0]));
        logs.copy_(-(xd.std(0, unbiased: false) + 1e-6).log());
    }

    /// <summary>x (N, D) → (y (N, D), log|det| (N)).</summary>
    public (Tensor Y, Tensor LogDet) Forward(Tensor x) =>
        ((x + bias) * logs.exp(), logs.sum().expand(x.shape[0]));

    /// <summary>y → x = y ⊙ e^{−s} − b.</summary>
    public Tensor Inverse(Tensor y) => y * (-logs).exp() - bias;
}

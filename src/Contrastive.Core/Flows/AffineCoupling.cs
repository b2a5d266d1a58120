using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Flows;

/// <summary>
/// Glow's affine coupling layer (arXiv:1807.03039, §3.3; RealNVP, Dinh et al. 2017) on vectors. With x = (x_a, x_b),
/// x_a the first ⌊D/2⌋ dimensions: (h_s, t) = NN(x_a), s = sigmoid(h_s + 2), y_a = x_a, y_b = (x_b + t) ⊙ s;
/// log|det ∂y/∂x| = Σ log s per sample. NN is Linear → ReLU → Linear → ReLU → Linear, the last initialised to zero
/// so that each coupling starts as (almost) the identity, as in Glow. State-dict keys: <c>nn.0.*</c>, <c>nn.2.*</c>, <c>nn.4.*</c>.
/// </summary>
public sealed class AffineCoupling : nn.Module
{
    private readonly Sequential nn;
    private readonly int _split;
    private readonly int _rest;

    /// <param name="dim">D ≥ 2.</param>
    /// <param name="hiddenDim">Width of NN's hidden layers.</param>
    /// <param name="generator">Initialises NN's hidden Linears (PyTorch's uniform bounds); null uses the global generator.</param>
    public AffineCoupling(int dim, int hiddenDim, Generator? generator = null) : base(nameof(AffineCoupling))
    {
        if (dim < 2) throw new ArgumentOutOfRangeException(nameof(dim), dim, $"An affine coupling needs at least 2 dimensions, but it has {dim}.");
        if (hiddenDim < 1) throw new ArgumentOutOfRangeException(nameof(hiddenDim), hiddenDim, $"The coupling's hidden width must be positive, but it is {hiddenDim}.");
        _split = dim / 2;
        _rest = dim - _split;
        var first = torch.nn.Linear(_split, hiddenDim, dtype: ScalarType.Float64);
        var second = torch.nn.Linear(hiddenDim, hiddenDim, dtype: ScalarType.Float64);
        var last = torch.nn.Linear(hiddenDim, 2 * _rest, dtype: ScalarType.Float64);
        using (no_grad())
        {
            foreach (var layer in new[] { first, second })
            {
                double bound = 1.0 / Math.Sqrt(layer.in_features);
                layer.weight!.uniform_(-bound, bound, generator);
                layer.bias!.uniform_(-bound, bound, generator);
            }
            last.weight!.zero_();
            last.bias!.zero_();
        }
        nn = torch.nn.Sequential(first, torch.nn.ReLU(), second, torch.nn.ReLU(), last);
        RegisterComponents();
    }

    (Tensor Scale, Tensor Shift) Affine(Tensor xa)
    {
        var h = nn.forward(xa);                                                  // (N, 2 (D − D/2))
        var shift = h.narrow(1, 0, _rest);
        var scale = torch.nn.functional.sigmoid(h.narrow(1, _rest, _rest) + 2.0);
        return (scale, shift);
    }

    /// <summary>x (N, D) → (y (N, D), log|det| (N)).</summary>
    public (Tensor Y, Tensor LogDet) Forward(Tensor x)
    {
        var xa = x.narrow(1, 0, _split);
        var (scale, shift) = Affine(xa);
        var yb = (x.narrow(1, _split, _rest) + shift) * scale;
        return (cat([xa, yb], 1), scale.log().sum(1));
    }

    /// <summary>y → x: x_b = y_b / s − t (s, t from y_a = x_a).</summary>
    public Tensor Inverse(Tensor y)
    {
        var ya = y.narrow(1, 0, _split);
        var (scale, shift) = Affine(ya);
        return cat([ya, y.narrow(1, _split, _rest) / scale - shift], 1);
    }
}

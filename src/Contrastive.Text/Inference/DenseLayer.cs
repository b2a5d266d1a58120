using Contrastive.Core.PostProcessing;
using Contrastive.Text.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Inference;

/// <summary>
/// sentence-transformers' <c>models.Dense</c>: <c>y = f(x Wᵀ + b)</c> with W (out, in), b (out) and f an
/// <see cref="DenseActivation"/>, computed in float32. BERT's pooler is the Dense <c>tanh(W h_[CLS] + b)</c>;
/// BERT-whitening <c>(x − μ) W_w</c> (Su et al. 2021) is the Dense with weight <c>W_wᵀ</c>, bias <c>−μ W_w</c> and
/// the identity.
/// </summary>
public sealed class DenseLayer
{
    /// <param name="weight">(out, in); the layer keeps this very tensor (so a live model's pooler stays live).</param>
    /// <param name="bias">(out), or null.</param>
    public DenseLayer(Tensor weight, Tensor? bias, DenseActivation activation)
    {
        if (weight.dim() != 2) throw new ArgumentException($"a Dense weight is (out, in); got [{string.Join(", ", weight.shape)}].", nameof(weight));
        if (bias is not null && (bias.dim() != 1 || bias.shape[0] != weight.shape[0]))
            throw new ArgumentException($"a Dense bias is (out) = ({weight.shape[0]}); got [{string.Join(", ", bias.shape)}].", nameof(bias));
        (Weight, Bias, Activation) = (weight, bias, activation);
    }

    public Tensor Weight { get; }
    public Tensor? Bias { get; }
    public DenseActivation Activation { get; }
    public int InFeatures => (int)Weight.shape[1];
    public int OutFeatures => (int)Weight.shape[0];

    /// <summary>BERT's pooler as a Dense layer sharing its parameters.</summary>
    public static DenseLayer FromBertPooler(BertPooler pooler) => new(pooler.dense.weight!, pooler.dense.bias, DenseActivation.Tanh);

    /// <summary>BERT-whitening as a Dense layer: weight Wᵀ (k, D), bias −μW (k), identity.</summary>
    public static DenseLayer FromWhitening(Whitening whitening)
    {
        using var scope = NewDisposeScope();
        var weight = whitening.W.t().to(ScalarType.Float32).contiguous();              // (k, D)
        var bias = whitening.Mu.unsqueeze(0).matmul(whitening.W).squeeze(0).neg().to(ScalarType.Float32);   // (k)
        return new DenseLayer(weight.DetachFromDisposeScope(), bias.DetachFromDisposeScope(), DenseActivation.Identity);
    }

    /// <param name="x">(n, in) float32.</param>
    /// <returns>(n, out) float32.</returns>
    public Tensor Apply(Tensor x)
    {
        using var scope = NewDisposeScope();
        var w = Weight.to(ScalarType.Float32, x.device);
        var y = Bias is null ? x.matmul(w.t()) : nn.functional.linear(x, w, Bias.to(ScalarType.Float32, x.device));
        if (Activation == DenseActivation.Tanh) y = y.tanh();
        return y.MoveToOuterDisposeScope();
    }
}

using static TorchSharp.torch;

namespace Contrastive.Embeddings.Onnx;

/// <summary>
/// sentence-transformers' Dense module: <c>y = act(x W^T + b)</c>, x (B, in) -> y (B, out).
/// </summary>
/// <param name="Weight">(out, in), PyTorch's <c>nn.Linear</c> layout.</param>
/// <param name="Bias">(out), or null for none.</param>
public sealed record DenseLayer(Tensor Weight, Tensor? Bias, DenseActivation Activation)
{
    public int InFeatures => (int)Weight.shape[1];
    public int OutFeatures => (int)Weight.shape[0];

    /// <summary>BERT-whitening <c>(x - mu) W</c> as a Dense layer: weight <c>W^T</c> (k, D), bias <c>-mu W</c> (k), identity.</summary>
    public static DenseLayer FromWhitening(Contrastive.Core.PostProcessing.Whitening whitening)
    {
        using var scope = NewDisposeScope();
        var w = whitening.W.to(ScalarType.Float64);                                   // (D, k)
        var bias = whitening.Mu.to(ScalarType.Float64).unsqueeze(0).matmul(w).squeeze(0).neg(); // (k)
        return new DenseLayer(w.t().to(ScalarType.Float32).contiguous().MoveToOuterDisposeScope(),
                              bias.to(ScalarType.Float32).MoveToOuterDisposeScope(), DenseActivation.Identity);
    }
}

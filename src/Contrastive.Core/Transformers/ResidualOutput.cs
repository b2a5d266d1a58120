using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Transformers;

/// <summary>
/// The post-LayerNorm residual block that closes both halves of a Transformer layer (Vaswani et al. 2017, section
/// 5.4; Hugging Face <c>BertSelfOutput</c> and <c>BertOutput</c>, RecBole's attention and feed-forward outputs):
/// <c>LayerNorm(Dropout(dense(h)) + x)</c>, in_features → H. Keys <c>dense.*</c> and <c>LayerNorm.*</c>, as Hugging
/// Face names them.
/// </summary>
public sealed class ResidualOutput : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Linear dense;
    public readonly LayerNorm LayerNorm;
    public readonly Dropout dropout;

    /// <summary>alpha = 1 for <c>add_</c>, held for the process: TorchSharp's <c>add_(Tensor)</c> passes a temporary
    /// <see cref="Scalar"/> whose finalizer may free it while the native call still reads it (a CI run failed once in
    /// <c>add_</c> with libtorch's <c>toFloat</c> check, "Expected false to be true").</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <param name="inFeatures">Width of h: H after attention, the intermediate size after the feed-forward expansion.</param>
    /// <param name="hiddenSize">H.</param>
    /// <param name="layerNormEps">LayerNorm epsilon (1e-12 in BERT and SASRec).</param>
    /// <param name="dropout">Dropout probability on the projection.</param>
    public ResidualOutput(long inFeatures, long hiddenSize, double layerNormEps, double dropout) : base(nameof(ResidualOutput))
    {
        dense = nn.Linear(inFeatures, hiddenSize);
        LayerNorm = nn.LayerNorm(hiddenSize, eps: layerNormEps);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(..., in_features) the sub-layer's output.</param>
    /// <param name="inputTensor">(..., H) the sub-layer's input (residual).</param>
    /// <returns>(..., H)</returns>
    public override Tensor forward(Tensor hiddenStates, Tensor inputTensor) =>
        Apply(dense, dropout, LayerNorm, hiddenStates, inputTensor);

    /// <summary>
    /// <c>norm(dropout(dense(h)) + x)</c> with modules the caller owns: for models whose checkpoints keep these
    /// parameters beside others in one module (RecBole's <c>multi_head_attention.dense</c> next to its
    /// <c>query</c>), so that composing a <see cref="ResidualOutput"/> would rename them.
    /// </summary>
    /// <param name="h">(..., in_features)</param>
    /// <param name="x">(..., H) the residual.</param>
    /// <returns>(..., H)</returns>
    public static Tensor Apply(Linear dense, Dropout dropout, LayerNorm norm, Tensor h, Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = dropout.forward(dense.forward(h));   // (..., H)
        return norm.forward(y.add_(x, One)).MoveToOuterDisposeScope();
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// The feed-forward block's projection back to H with residual and post-LayerNorm (Hugging Face
/// <c>BertOutput</c>): <c>LayerNorm(Dropout(dense(u)) + x)</c>, intermediate_size -> H.
/// </summary>
public sealed class BertOutput : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Linear dense;
    public readonly LayerNorm LayerNorm;
    public readonly Dropout dropout;

    public BertOutput(BertConfig config) : base(nameof(BertOutput))
    {
        dense = nn.Linear(config.IntermediateSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, I) intermediate activations.</param>
    /// <param name="inputTensor">(B, T, H) the feed-forward block's input (residual).</param>
    /// <returns>(B, T, H)</returns>
    public override Tensor forward(Tensor hiddenStates, Tensor inputTensor)
    {
        using var scope = NewDisposeScope();
        var h = dropout.forward(dense.forward(hiddenStates));
        return LayerNorm.forward(h.add_(inputTensor)).MoveToOuterDisposeScope();
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// The attention block's output projection with residual and post-LayerNorm (Hugging Face <c>BertSelfOutput</c>):
/// <c>LayerNorm(Dropout(dense(h)) + x)</c>.
/// </summary>
public sealed class BertSelfOutput : nn.Module<Tensor, Tensor, Tensor>
{
    public readonly Linear dense;
    public readonly LayerNorm LayerNorm;
    public readonly Dropout dropout;

    public BertSelfOutput(BertConfig config) : base(nameof(BertSelfOutput))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, H) attention output.</param>
    /// <param name="inputTensor">(B, T, H) the block's input (residual).</param>
    /// <returns>(B, T, H)</returns>
    public override Tensor forward(Tensor hiddenStates, Tensor inputTensor)
    {
        using var scope = NewDisposeScope();
        var h = dropout.forward(dense.forward(hiddenStates));
        return LayerNorm.forward(h.add_(inputTensor)).MoveToOuterDisposeScope();
    }
}

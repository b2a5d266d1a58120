using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// Hugging Face <c>BertPredictionHeadTransform</c>, the MLM head's first stage: <c>LayerNorm(act(dense(h)))</c>,
/// H -> H, with <c>act</c> = <see cref="BertConfig.HiddenAct"/>. Keys <c>dense.*</c>, <c>LayerNorm.*</c>.
/// </summary>
public sealed class BertPredictionHeadTransform : nn.Module<Tensor, Tensor>
{
    public readonly Linear dense;
    public readonly LayerNorm LayerNorm;

    readonly Func<Tensor, Tensor> activation;

    public BertPredictionHeadTransform(BertConfig config) : base(nameof(BertPredictionHeadTransform))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        activation = BertIntermediate.Activation(config.HiddenAct);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(..., H)</param>
    /// <returns>(..., H)</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return LayerNorm.forward(activation(dense.forward(hiddenStates))).MoveToOuterDisposeScope();
    }
}

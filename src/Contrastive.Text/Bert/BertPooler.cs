using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// Hugging Face <c>BertPooler</c>: <c>tanh(dense(h[:, 0]))</c>, the first ([CLS]) token through a H x H layer.
/// SimCSE's MLP over [CLS] (Gao et al. 2021) is exactly this layer once its checkpoint is converted.
/// </summary>
public sealed class BertPooler : nn.Module<Tensor, Tensor>
{
    public readonly Linear dense;

    public BertPooler(BertConfig config) : base(nameof(BertPooler))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, H)</param>
    /// <returns>(B, H)</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return dense.forward(hiddenStates.select(1, 0)).tanh_().MoveToOuterDisposeScope();
    }
}

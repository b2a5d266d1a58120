using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// The feed-forward block's expansion (Hugging Face <c>BertIntermediate</c>): <c>act(dense(h))</c>,
/// H -> intermediate_size, with <c>act</c> from <see cref="BertConfig.HiddenAct"/>: "gelu" is the exact
/// erf form <c>x Φ(x)</c> (Hendrycks and Gimpel 2016); "gelu_new"/"gelu_pytorch_tanh" the tanh approximation.
/// </summary>
public sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    public readonly Linear dense;

    readonly Func<Tensor, Tensor> activation;

    public BertIntermediate(BertConfig config) : base(nameof(BertIntermediate))
    {
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        activation = Activation(config.HiddenAct);
        RegisterComponents();
    }

    /// <summary>The function a Hugging Face <c>hidden_act</c> name denotes (see <see cref="BertConfig.SupportedActivations"/>).</summary>
    internal static Func<Tensor, Tensor> Activation(string hiddenAct) => hiddenAct switch
    {
        "gelu" => x => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" => x => nn.functional.gelu(x, GELU.Approximate.tanh),
        "relu" => x => nn.functional.relu(x),
        "silu" or "swish" => x => nn.functional.silu(x),
        _ => throw new ArgumentException($"hidden_act '{hiddenAct}' is not supported.", nameof(hiddenAct)),
    };

    /// <param name="hiddenStates">(B, T, H)</param>
    /// <returns>(B, T, I)</returns>
    public override Tensor forward(Tensor hiddenStates)
    {
        using var scope = NewDisposeScope();
        return activation(dense.forward(hiddenStates)).MoveToOuterDisposeScope();
    }
}

using Contrastive.Core.Transformers;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// Self-attention followed by its output projection, residual and LayerNorm (Hugging Face <c>BertAttention</c>):
/// <c>output(self(x, M), x)</c>, the output being the shared <see cref="ResidualOutput"/> (Hugging Face
/// <c>BertSelfOutput</c>). Keys: <c>self.query.*</c>, <c>self.key.*</c>, <c>self.value.*</c>,
/// <c>output.dense.*</c>, <c>output.LayerNorm.*</c>.
/// </summary>
public sealed class BertAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    public readonly BertSelfAttention self;
    public readonly ResidualOutput output;

    public BertAttention(BertConfig config) : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(config);
        output = new ResidualOutput(config.HiddenSize, config.HiddenSize, config.LayerNormEps, config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, H)</param>
    /// <param name="attentionMask">(B, 1, 1, T) additive mask or null.</param>
    /// <returns>(B, T, H)</returns>
    public override Tensor forward(Tensor hiddenStates, Tensor? attentionMask)
    {
        using var scope = NewDisposeScope();
        return output.forward(self.forward(hiddenStates, attentionMask), hiddenStates).MoveToOuterDisposeScope();
    }
}

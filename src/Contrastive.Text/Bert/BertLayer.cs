using Contrastive.Core.Transformers;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// One post-LayerNorm Transformer encoder layer (Hugging Face <c>BertLayer</c>):
/// <c>a = LN(x + Attn(x)); y = LN(a + FFN(a))</c>. Keys under <c>attention.*</c>, <c>intermediate.*</c>,
/// <c>output.*</c> (Hugging Face <c>BertOutput</c>: the shared <see cref="ResidualOutput"/>, intermediate_size -> H).
/// </summary>
public sealed class BertLayer : nn.Module<Tensor, Tensor?, Tensor>
{
    public readonly BertAttention attention;
    public readonly BertIntermediate intermediate;
    public readonly ResidualOutput output;

    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        attention = new BertAttention(config);
        intermediate = new BertIntermediate(config);
        output = new ResidualOutput(config.IntermediateSize, config.HiddenSize, config.LayerNormEps, config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, H)</param>
    /// <param name="attentionMask">(B, 1, 1, T) additive mask or null.</param>
    /// <returns>(B, T, H)</returns>
    public override Tensor forward(Tensor hiddenStates, Tensor? attentionMask)
    {
        using var scope = NewDisposeScope();
        var a = attention.forward(hiddenStates, attentionMask);   // (B, T, H)
        var u = intermediate.forward(a);                           // (B, T, I)
        return output.forward(u, a).MoveToOuterDisposeScope();    // (B, T, H)
    }
}

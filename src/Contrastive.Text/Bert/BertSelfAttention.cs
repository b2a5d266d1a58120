using Contrastive.Core.Transformers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// Multi-head scaled dot-product self-attention (Vaswani et al. 2017), Hugging Face <c>BertSelfAttention</c>:
/// <c>softmax(Q K^T / sqrt(d_head) + M) V</c> per head, with Q, K, V the <c>query</c>, <c>key</c>, <c>value</c>
/// projections and M the additive mask (0 for real tokens, the dtype's minimum for padding).
/// <para>Computed by <see cref="AttentionHeads"/> (split heads, <c>scaled_dot_product_attention</c>, merge) with dropout
/// <c>attention_probs_dropout_prob</c> on the attention probabilities in training only.</para>
/// </summary>
public sealed class BertSelfAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    public readonly Linear query;
    public readonly Linear key;
    public readonly Linear value;

    readonly long numHeads;
    readonly double dropoutProb;

    public BertSelfAttention(BertConfig config) : base(nameof(BertSelfAttention))
    {
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        numHeads = config.NumAttentionHeads;
        dropoutProb = config.AttentionProbsDropoutProb;
        RegisterComponents();
    }

    /// <param name="hiddenStates">(B, T, H)</param>
    /// <param name="attentionMask">(B, 1, 1, T) additive float mask of the hidden dtype, or null for none.</param>
    /// <returns>(B, T, H) the heads' outputs concatenated (before the output projection).</returns>
    public override Tensor forward(Tensor hiddenStates, Tensor? attentionMask)
    {
        using var scope = NewDisposeScope();
        return AttentionHeads.Attend(query.forward(hiddenStates), key.forward(hiddenStates), value.forward(hiddenStates),
                                     numHeads, attentionMask, training ? dropoutProb : 0.0).MoveToOuterDisposeScope();   // (B, T, H)
    }
}

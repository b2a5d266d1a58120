using Contrastive.Core;
using Contrastive.Core.Transformers;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// The BERT encoder (Devlin et al. 2019, "BERT: Pre-training of Deep Bidirectional Transformers for Language
/// Understanding") with exactly Hugging Face <c>BertModel</c>'s structure and state-dict keys:
/// <c>embeddings.*</c>, <c>encoder.layer.{i}.*</c>, <c>pooler.dense.*</c> (post-LayerNorm layers, exact-erf GELU,
/// learned absolute positions, token types, additive attention mask), so Hugging Face checkpoints load unchanged
/// (see <see cref="Models.HuggingFaceBertFolder"/>).
/// </summary>
public sealed class BertModel : nn.Module
{
    public readonly BertEmbeddings embeddings;
    public readonly BertEncoder encoder;
    /// <summary>Null when built with <c>addPoolingLayer: false</c> (as Hugging Face's <c>BertForMaskedLM</c> does).</summary>
    public readonly BertPooler? pooler;

    public BertConfig Config { get; }

    /// <param name="config">Validated here.</param>
    /// <param name="addPoolingLayer">Whether to build the <c>pooler</c> (dense + tanh over [CLS]).</param>
    /// <param name="generator">Source of the initial weights (<see cref="TransformerInit"/>); null uses the global generator.</param>
    public BertModel(BertConfig config, bool addPoolingLayer = true, Generator? generator = null) : base(nameof(BertModel))
    {
        Config = config.Validate();
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = addPoolingLayer ? new BertPooler(config) : null;
        RegisterComponents();
        TransformerInit.Apply(this, config.InitializerRange, generator);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        embeddings.word_embeddings.weight!.select(0, config.PadTokenId).zero_();   // HF: padding_idx row = 0
    }

    /// <summary>Runs the encoder.</summary>
    /// <param name="inputIds">(B, T) int64 token ids.</param>
    /// <param name="attentionMask">(B, T) 1 for real tokens, 0 for padding (any numeric or bool dtype).</param>
    /// <param name="tokenTypeIds">(B, T) int64 segment ids, or null for all zeros.</param>
    /// <param name="outputHiddenStates">Whether to return the embeddings' and every layer's output.</param>
    public BertModelOutput Forward(Tensor inputIds, Tensor attentionMask, Tensor? tokenTypeIds = null, bool outputHiddenStates = false)
    {
        if (inputIds.dim() != 2)
            throw new ArgumentException($"inputIds must be (B, T); got shape [{string.Join(", ", inputIds.shape)}].", nameof(inputIds));
        if (!attentionMask.shape.SequenceEqual(inputIds.shape))
            throw new ArgumentException($"attentionMask shape [{string.Join(", ", attentionMask.shape)}] differs from inputIds shape [{string.Join(", ", inputIds.shape)}].", nameof(attentionMask));
        if (tokenTypeIds is not null && !tokenTypeIds.shape.SequenceEqual(inputIds.shape))
            throw new ArgumentException($"tokenTypeIds shape [{string.Join(", ", tokenTypeIds.shape)}] differs from inputIds shape [{string.Join(", ", inputIds.shape)}].", nameof(tokenTypeIds));

        using var scope = NewDisposeScope();
        var h = embeddings.forward(inputIds, tokenTypeIds);                      // (B, T, H)
        var mask = ExtendedAttentionMask(attentionMask, h.dtype);                // (B, 1, 1, T)
        List<Tensor>? all = outputHiddenStates ? [h] : null;
        var last = encoder.forward(h, mask, all);                                // (B, T, H)
        var pooled = pooler?.forward(last);                                      // (B, H)

        // Move every returned tensor out exactly once (last is also the final entry of all).
        if (all is null) last.MoveToOuterDisposeScope();
        else foreach (var t in all) t.MoveToOuterDisposeScope();
        pooled?.MoveToOuterDisposeScope();
        return new BertModelOutput(last, pooled, all);
    }

    /// <summary>
    /// Hugging Face's additive mask: (B, T) of 1/0 -> (B, 1, 1, T) of 0 / the dtype's most negative finite value,
    /// broadcast over heads and query positions: <c>(1 - m) * finfo(dtype).min</c>.
    /// </summary>
    public static Tensor ExtendedAttentionMask(Tensor attentionMask, ScalarType dtype)
    {
        long B = attentionMask.shape[0], T = attentionMask.shape[1];
        using var scope = NewDisposeScope();
        var m = attentionMask.to_type(dtype).view(B, 1, 1, T);
        // (1 - m) * min == (m - 1) * (-min)
        return m.sub(1.0).mul_(-finfo(dtype).min).MoveToOuterDisposeScope();
    }
}

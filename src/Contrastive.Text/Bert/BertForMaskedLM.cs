using Contrastive.Core.Transformers;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// BERT with the masked-language-model head (Devlin et al. 2019), Hugging Face <c>BertForMaskedLM</c>: fields
/// <c>bert</c> and <c>cls</c>, keys <c>bert.*</c>, <c>cls.predictions.transform.*</c>, <c>cls.predictions.bias</c>.
/// The decoder weight is tied to <c>bert.embeddings.word_embeddings.weight</c> (<see cref="DecoderWeight"/>).
/// <para>The head can sit on an existing <see cref="BertModel"/> (SimCSE's auxiliary MLM objective, Gao et al.
/// 2021, shares the encoder): the encoder is then shared, not copied.</para>
/// </summary>
public sealed class BertForMaskedLM : nn.Module
{
    /// <summary>Label value of positions that do not count in the loss (PyTorch's <c>ignore_index</c>).</summary>
    public const long IgnoreIndex = -100;

    public readonly BertModel bert;
    public readonly BertOnlyMLMHead cls;

    public BertConfig Config => bert.Config;

    /// <summary>A fresh model; like Hugging Face's, its encoder has no pooler.</summary>
    /// <param name="generator">Source of the initial weights; null uses the global generator.</param>
    public BertForMaskedLM(BertConfig config, Generator? generator = null)
        : this(new BertModel(config, addPoolingLayer: false, generator), generator) { }

    /// <summary>An MLM head (freshly initialised) on top of <paramref name="bert"/>, which stays shared.</summary>
    public BertForMaskedLM(BertModel bert, Generator? generator = null) : base(nameof(BertForMaskedLM))
    {
        this.bert = bert;
        cls = new BertOnlyMLMHead(bert.Config);
        RegisterComponents();
        TransformerInit.Apply(cls, bert.Config.InitializerRange, generator);
    }

    /// <summary>The decoder weight (V, H): the very Parameter <c>bert.embeddings.word_embeddings.weight</c>.</summary>
    public TorchSharp.Modules.Parameter DecoderWeight => bert.embeddings.word_embeddings.weight!;

    /// <summary>Vocabulary logits at every position.</summary>
    /// <returns>(B, T, V)</returns>
    public Tensor Forward(Tensor inputIds, Tensor attentionMask, Tensor? tokenTypeIds = null)
    {
        using var scope = NewDisposeScope();
        var h = bert.Forward(inputIds, attentionMask, tokenTypeIds).LastHiddenState;   // (B, T, H)
        return cls.forward(h, DecoderWeight).MoveToOuterDisposeScope();                 // (B, T, V)
    }

    /// <summary>
    /// Masked-LM cross-entropy <c>mean_i -log softmax(transform(h_i) E^T + b)[y_i]</c> over the labelled positions
    /// only (labels != -100). The hidden states of those positions are gathered first, so the (N, V) projection
    /// costs N = number of labels rows instead of B*T.
    /// With no labelled position at all the loss is 0 (still connected to the graph) rather than NaN.
    /// </summary>
    /// <param name="sequenceOutput">(B, T, H) the encoder's last hidden state.</param>
    /// <param name="labels">(B, T) int64 token ids to predict, -100 elsewhere.</param>
    /// <returns>Scalar loss.</returns>
    public Tensor MlmLoss(Tensor sequenceOutput, Tensor labels)
    {
        if (sequenceOutput.dim() != 3 || labels.dim() != 2 || labels.shape[0] != sequenceOutput.shape[0] || labels.shape[1] != sequenceOutput.shape[1])
            throw new ArgumentException($"labels [{string.Join(", ", labels.shape)}] must be (B, T) of sequenceOutput [{string.Join(", ", sequenceOutput.shape)}] (B, T, H).", nameof(labels));
        using var scope = NewDisposeScope();
        var flatLabels = labels.reshape(-1);                                       // (B*T)
        var positions = flatLabels.ne(IgnoreIndex).nonzero().squeeze(1);          // (N)
        if (positions.shape[0] == 0)
            return sequenceOutput.sum().mul(0.0).MoveToOuterDisposeScope();
        var hidden = sequenceOutput.reshape(-1, sequenceOutput.shape[2]).index_select(0, positions);   // (N, H)
        var logits = cls.forward(hidden, DecoderWeight);                          // (N, V)
        return nn.functional.cross_entropy(logits, flatLabels.index_select(0, positions)).MoveToOuterDisposeScope();
    }
}

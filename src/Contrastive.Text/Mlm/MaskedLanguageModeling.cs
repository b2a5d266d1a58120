using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Mlm;

/// <summary>
/// BERT's masked-language-model pre-training (Devlin et al. 2019, section 3.1) as a training method: each step masks
/// 15% of the batch's tokens (80% [MASK], 10% random, 10% unchanged; <see cref="MlmMasker"/>) and minimises
/// <code>
/// L = mean over masked positions i of  -log softmax(transform(h_i) E^T + b)[x_i]
/// </code>
/// where h (B, T, H) is the encoder's output on the corrupted input, E (V, H) the word-embedding matrix (the tied
/// decoder) and x_i the original token. Next-sentence prediction is not used (RoBERTa, Liu et al. 2019, found it
/// unnecessary).
/// <para>The encoder keeps BERT's pooler (<c>bert.pooler.dense</c>, present in Google's checkpoints and Hugging Face
/// <c>BertModel</c>'s default) so that the saved folder also loads, without missing weights, as a <c>BertModel</c>
/// and a <see cref="SentenceEncoder"/>; Hugging Face's <c>BertForMaskedLM</c> ignores the pooler keys on load. MLM
/// gives the pooler no gradient, so it is frozen (requires_grad = false) and keeps its initial or loaded values; the
/// sentence-encoder manifest therefore never names the <c>cls</c> pooler.</para>
/// </summary>
public sealed class MaskedLanguageModeling : ITrainingMethod<MlmBatch>
{
    readonly WordPieceTokenizer _tokenizer;
    readonly MlmMasker _masker;

    /// <param name="model">The model to train; its encoder must have the pooler (see <see cref="NewModel"/>), which is
    /// frozen here.</param>
    /// <param name="tokenizer">The model's tokenizer (its ids must lie in the model's vocabulary).</param>
    /// <param name="options">Masking, maximum length and manifest pooler; the defaults when null.</param>
    public MaskedLanguageModeling(BertForMaskedLM model, WordPieceTokenizer tokenizer, MlmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        Options = (options ?? new MlmOptions()).Validate();
        if (tokenizer.VocabSize > model.Config.VocabSize)
            throw new ContrastiveException(
                $"The tokenizer has {tokenizer.VocabSize} tokens but the model's vocabulary has only {model.Config.VocabSize}.");
        if (Options.MaxSeqLength > model.Config.MaxPositionEmbeddings)
            throw new ContrastiveException(
                $"The maximum sequence length {Options.MaxSeqLength} exceeds the model's {model.Config.MaxPositionEmbeddings} position embeddings.");
        if (model.bert.pooler is not { } pooler)
            throw new ArgumentException(
                "The encoder has no pooler, so the saved folder would not load as a BertModel or sentence encoder; build the model with MaskedLanguageModeling.NewModel.",
                nameof(model));
        Model = model;
        _tokenizer = tokenizer;
        _masker = new MlmMasker(tokenizer, Options.Masking);
        foreach (var p in pooler.parameters()) p.requires_grad = false;
    }

    /// <summary>A freshly initialised <see cref="BertForMaskedLM"/> whose encoder has BERT's pooler.</summary>
    /// <param name="generator">Source of all initial weights; null uses the global generator.</param>
    public static BertForMaskedLM NewModel(BertConfig config, Generator? generator = null) =>
        new(new BertModel(config, addPoolingLayer: true, generator), generator);

    public MlmOptions Options { get; }

    /// <summary>What is optimised and checkpointed: keys <c>bert.*</c> and <c>cls.predictions.*</c>.</summary>
    public BertForMaskedLM Model { get; }

    public WordPieceTokenizer Tokenizer => _tokenizer;

    nn.Module ITrainingMethod<MlmBatch>.Model => Model;

    /// <summary>
    /// Masks the batch and returns the MLM cross-entropy (a scalar). The masking generator is seeded from the global
    /// torch generator, whose state the trainer checkpoints, so a resumed run draws the same masks (as SimCSE's
    /// auxiliary MLM loss does).
    /// </summary>
    public Tensor ComputeLoss(MlmBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tokens = batch.Tokens;
        var seed = randint(long.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
        using var generator = new Generator((ulong)seed);
        var (maskedIds, labels) = _masker.Mask(tokens.InputIds, tokens.AttentionMask, generator);   // (B, T), (B, T)
        var hidden = Model.bert.Forward(maskedIds, tokens.AttentionMask, tokens.TokenTypeIds).LastHiddenState;   // (B, T, H)
        return Model.MlmLoss(hidden, labels);
    }

    /// <summary>
    /// Writes a Hugging Face <c>BertForMaskedLM</c> folder (<c>config.json</c>, <c>model.safetensors</c> with
    /// <c>bert.*</c> and <c>cls.predictions.*</c>), the tokenizer files, and the sentence-encoder files
    /// (sentence-transformers' <c>modules.json</c> pipeline), so the folder is
    /// read by <see cref="HuggingFaceBertFolder.LoadMaskedLm"/>, <see cref="SentenceEncoderFolder.Load"/>,
    /// <c>BertForMaskedLM.from_pretrained</c> and <c>BertModel.from_pretrained</c>.
    /// </summary>
    public void SaveModel(string directory)
    {
        Directory.CreateDirectory(directory);
        HuggingFaceBertFolder.Save(directory, Model);
        _tokenizer.SaveTo(directory);
        SentenceEncoderFolder.SavePipeline(directory, Model.bert.Config,
            SentencePipeline.FromPooler(Model.bert, Options.EncoderPooler, Options.MaxSeqLength));
    }
}

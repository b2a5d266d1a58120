using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.SimCse;

/// <summary>
/// SimCSE (Gao, Yao, Chen 2021, arXiv:2104.08821) as a training method: a BERT encoder, a pooler and the InfoNCE loss.
/// <para>Unsupervised: each sentence is encoded twice in one forward pass; the two dropout masks make the positive
/// pair and the other sentences of the batch are the negatives. Supervised: NLI premise, entailment (positive) and
/// contradiction (hard negative), encoded together.</para>
/// <code>
/// loss_i = -log( e^{sim(h_i, h_i+)/tau} / sum_j ( e^{sim(h_i, h_j+)/tau} + e^{sim(h_i, h_j-)/tau} ) )
/// </code>
/// With <see cref="SimCseOptions.DoMlm"/>, the masked-language-model loss of the same sentences is added with weight
/// lambda, through an MLM head whose decoder is tied to the word embeddings.
/// </summary>
public sealed class SimCse : ITrainingMethod<SimCseBatch>
{
    readonly BertModel _bert;
    readonly BertForMaskedLM? _mlm;
    readonly SentencePooler _pooler;
    readonly InfoNceLoss _loss;
    readonly MlmMasker? _masker;
    readonly WordPieceTokenizer _tokenizer;

    /// <param name="generator">Initialises the MLM head when <see cref="SimCseOptions.DoMlm"/> is set; null uses the
    /// global generator.</param>
    public SimCse(BertModel bert, WordPieceTokenizer tokenizer, SimCseOptions options, Generator? generator = null)
    {
        Options = options.Validate();
        _bert = bert;
        _tokenizer = tokenizer;
        _pooler = new SentencePooler(options.Pooler);
        _loss = new InfoNceLoss(options.Temperature, options.HardNegativeWeight);
        if (options.DoMlm)
        {
            _mlm = new BertForMaskedLM(bert, generator);
            _masker = new MlmMasker(tokenizer);
        }
    }

    public SimCseOptions Options { get; }

    public BertModel Bert => _bert;

    /// <summary>What is optimised and checkpointed: BERT (HF <c>BertModel</c> names), or with the MLM loss the
    /// <c>BertForMaskedLM</c> wrapping it (<c>bert.*</c> and <c>cls.predictions.*</c>).</summary>
    public nn.Module Model => _mlm is null ? _bert : _mlm;

    public Tensor ComputeLoss(SimCseBatch batch)
    {
        var tokens = batch.Tokens;
        var output = _bert.Forward(tokens.InputIds, tokens.AttentionMask, tokens.TokenTypeIds,
                                   outputHiddenStates: _pooler.NeedsHiddenStates);
        var pooled = _pooler.Pool(output, tokens.AttentionMask);                    // (V*B, H)
        var views = pooled.view(batch.Views, batch.Examples, -1);                   // (V, B, H)
        var loss = _loss.forward(views[0], views[1], batch.Views == 3 ? views[2] : null);
        if (_mlm is not null)
        {
            // The masking generator is seeded from the global generator, whose state the trainer checkpoints,
            // so a resumed run draws the same masks.
            var seed = randint(long.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
            using var generator = new Generator((ulong)seed);
            var (maskedIds, labels) = _masker!.Mask(tokens.InputIds, tokens.AttentionMask, generator);
            var hidden = _bert.Forward(maskedIds, tokens.AttentionMask, tokens.TokenTypeIds).LastHiddenState;
            loss = loss + Options.MlmWeight * _mlm.MlmLoss(hidden, labels);
        }
        return loss;
    }

    /// <summary>Writes a model folder usable by <see cref="SentenceEncoder"/>, Hugging Face and sentence-transformers.</summary>
    public void SaveModel(string directory) =>
        SentenceEncoderFolder.Save(directory, _bert, _tokenizer, CreateEncoder().Pipeline);

    /// <summary>An encoder over the model being trained, with the evaluation pooler (for STS dev evaluation).</summary>
    public SentenceEncoder CreateEncoder() =>
        new(_bert, _tokenizer, Options.EvaluationPooler, Options.MaxSeqLength);
}

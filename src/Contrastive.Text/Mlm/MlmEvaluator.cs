using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Bert;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Mlm;

/// <summary>
/// Masked-language-model accuracy and loss on held-out sentences. The sentences are masked ONCE, when the evaluator
/// is built, by <see cref="MlmMasker"/> with a generator of a fixed seed (one sentence at a time, in order, so a
/// sentence's mask depends only on the seed and the sentences before it, not on batching), and every evaluation
/// scores the same masked positions, so the numbers are comparable across evaluations and runs:
/// <code>
/// mlm_accuracy = 100 * #{ i masked : argmax_v logits_i[v] = x_i } / #masked
/// mlm_loss     = mean over masked i of  -log softmax(logits_i)[x_i]        logits_i = transform(h_i) E^T + b  (V)
/// </code>
/// The model runs in eval mode (no dropout) without gradients.
/// </summary>
public sealed class MlmEvaluator
{
    public const string AccuracyMetric = "mlm_accuracy";
    public const string LossMetric = "mlm_loss";

    /// <summary>The seed of the held-out masks unless another is given.</summary>
    public const long DefaultMaskSeed = 1234;

    readonly long[][] _maskedIds;   // per sentence (T_i): [CLS] corrupted tokens [SEP]
    readonly long[][] _labels;      // per sentence (T_i): original id where masked, -100 elsewhere
    readonly int[][] _batches;      // sentence indices per batch, longest first
    readonly long _padId;

    /// <param name="sentences">The held-out sentences.</param>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="maxSeqLength">Tokens per sentence at most, [CLS] and [SEP] included.</param>
    /// <param name="masking">The corruption; BERT's 15% and 80/10/10 when null.</param>
    /// <param name="maskSeed">Seed of the generator that draws the masks.</param>
    /// <param name="batchSize">Sentences per forward pass (does not change the result).</param>
    /// <exception cref="ContrastiveException">No sentence, or no token got masked.</exception>
    public MlmEvaluator(IReadOnlyList<string> sentences, WordPieceTokenizer tokenizer, int maxSeqLength = MlmOptions.DefaultMaxSeqLength,
                        MaskedLanguageModelingOptions? masking = null, long maskSeed = DefaultMaskSeed, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (sentences.Count == 0) throw new ContrastiveException("There are no held-out sentences to evaluate the MLM on.");
        if (maxSeqLength < 3)
            throw new ContrastiveException($"The maximum sequence length must be at least 3 ([CLS] token [SEP]); got {maxSeqLength}.");

        var masker = new MlmMasker(tokenizer, masking);
        _padId = tokenizer.PadId;
        _maskedIds = new long[sentences.Count][];
        _labels = new long[sentences.Count][];
        var targets = new List<long>();
        using (var generator = new Generator(unchecked((ulong)maskSeed)))
        {
            for (int s = 0; s < sentences.Count; s++)
            {
                using var scope = NewDisposeScope();
                var ids = tokenizer.Encode(sentences[s], maxSeqLength).Select(i => (long)i).ToArray();
                var input = tensor(ids, [1, ids.Length]);                                // (1, T)
                var (masked, labels) = masker.Mask(input, ones_like(input), generator);   // (1, T), (1, T)
                _maskedIds[s] = masked.data<long>().ToArray();
                _labels[s] = labels.data<long>().ToArray();
                targets.AddRange(_labels[s].Where(l => l != MlmMasker.IgnoreIndex));
            }
        }
        if (targets.Count == 0)
            throw new ContrastiveException(
                $"Masking the {sentences.Count} held-out sentences selected no token (probability {masker.Options.MaskProbability}); hold out more sentences.");
        TargetIds = targets;
        _batches = Enumerable.Range(0, sentences.Count).OrderByDescending(i => _maskedIds[i].Length)
            .Chunk(batchSize).ToArray();
    }

    /// <summary>Number of held-out sentences.</summary>
    public int Sentences => _maskedIds.Length;

    /// <summary>The original token of every masked position, sentence by sentence, left to right.</summary>
    public IReadOnlyList<long> TargetIds { get; }

    /// <summary>Number of masked (scored) positions.</summary>
    public int MaskedTokens => TargetIds.Count;

    /// <summary>Scores <paramref name="model"/> on the masked held-out sentences (its train/eval mode is restored).</summary>
    public MlmEvaluation Evaluate(BertForMaskedLM model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var device = model.DecoderWeight.device;
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            double lossSum = 0;
            long correct = 0;
            foreach (var batch in _batches)
            {
                using var scope = NewDisposeScope();
                int b = batch.Length, t = _maskedIds[batch[0]].Length;   // longest first
                var ids = new long[b * t];
                var attention = new long[b * t];
                var labels = new long[b * t];
                Array.Fill(ids, _padId);
                Array.Fill(labels, MlmMasker.IgnoreIndex);
                for (int r = 0; r < b; r++)
                {
                    var row = _maskedIds[batch[r]];
                    row.CopyTo(ids, r * t);
                    _labels[batch[r]].CopyTo(labels, r * t);
                    Array.Fill(attention, 1L, r * t, row.Length);
                }
                long[] shape = [b, t];
                var hidden = model.bert.Forward(tensor(ids, shape, device: device), tensor(attention, shape, device: device))
                    .LastHiddenState;                                                          // (b, T, H)
                var flatLabels = tensor(labels, device: device);                               // (b*T)
                var positions = flatLabels.ne(MlmMasker.IgnoreIndex).nonzero().squeeze(1);    // (N)
                if (positions.shape[0] == 0) continue;
                var h = hidden.reshape(-1, hidden.shape[2]).index_select(0, positions);        // (N, H)
                var logits = model.cls.forward(h, model.DecoderWeight);                        // (N, V)
                var target = flatLabels.index_select(0, positions);                            // (N)
                lossSum += nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.Sum)
                    .to_type(ScalarType.Float64).item<double>();
                correct += logits.argmax(1).eq(target).sum().item<long>();
            }
            return new MlmEvaluation(100.0 * correct / MaskedTokens, lossSum / MaskedTokens, MaskedTokens, Sentences);
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }

    /// <summary>
    /// Scores a saved <c>BertForMaskedLM</c> folder (with its tokenizer files) on held-out text files (one sentence a
    /// line, as <see cref="SentenceCorpus"/> reads them); every sentence of the files is held out.
    /// </summary>
    /// <param name="maxSeqLength">Null: the folder's sentence_bert_config.json value (or an earlier version's contrastive.json), else <see cref="MlmOptions.DefaultMaxSeqLength"/>.</param>
    /// <exception cref="ContrastiveException">A file is missing or invalid, or the folder has no MLM head.</exception>
    public static MlmEvaluation EvaluateFolder(string modelDir, IReadOnlyList<string> corpusFiles, int? maxSeqLength = null,
                                               int batchSize = 64, long maskSeed = DefaultMaskSeed,
                                               MaskedLanguageModelingOptions? masking = null)
    {
        ArgumentNullException.ThrowIfNull(modelDir);
        if (!Directory.Exists(modelDir)) throw new ContrastiveException($"{modelDir}: model folder not found.");
        var weights = Path.Combine(modelDir, HuggingFaceBertFolder.WeightsFileName);
        if (File.Exists(weights) && !SafeTensors.ReadHeader(weights).Tensors.Keys.Any(k => k.StartsWith("cls.predictions.", StringComparison.Ordinal)))
            throw new ContrastiveException($"{weights}: the model has no masked-language-model head (cls.predictions.*); it is not a BertForMaskedLM folder.");
        var sentences = SentenceCorpus.ReadLines(corpusFiles);
        var tokenizer = WordPieceTokenizer.FromDirectory(modelDir);
        int length = maxSeqLength ?? SentenceEncoderManifest.TryLoad(modelDir)?.MaxSeqLength
                     ?? SentenceTransformersFolder.ReadMaxSeqLength(modelDir) ?? MlmOptions.DefaultMaxSeqLength;
        using var model = HuggingFaceBertFolder.LoadMaskedLm(modelDir);
        if (length > model.Config.MaxPositionEmbeddings)
            throw new ContrastiveException($"The maximum sequence length {length} exceeds the model's {model.Config.MaxPositionEmbeddings} position embeddings.");
        return new MlmEvaluator(sentences, tokenizer, length, masking, maskSeed, batchSize).Evaluate(model);
    }
}

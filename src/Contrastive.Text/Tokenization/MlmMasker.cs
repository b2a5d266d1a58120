using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// BERT masking for the masked-language-modeling loss, drawn exactly as Hugging Face's
/// <c>DataCollatorForLanguageModeling.torch_mask_tokens</c> (same draws in the same order from the generator):
/// <code>
/// selected ~ Bernoulli(p) on eligible positions      p = MaskProbability (0.15)
/// labels   = input_ids where selected, else -100     (-100 is ignored by cross-entropy)
/// replaced ~ Bernoulli(MaskTokenFraction) ∧ selected                      -> [MASK]
/// random   ~ Bernoulli(RandomTokenFraction / (1 - MaskTokenFraction)) ∧ selected ∧ ¬replaced
///                                                    -> randint(0, VocabSize), over the whole vocabulary
/// the remaining selected positions keep their token.
/// </code>
/// Eligible positions have attention_mask = 1 and a non-special token: [CLS], [SEP], [PAD] (and, as in Hugging Face's
/// <c>all_special_ids</c>, [UNK] and [MASK]) are never selected.
/// </summary>
public sealed class MlmMasker
{
    /// <summary>The label of positions that are not predicted (PyTorch's cross-entropy ignore_index).</summary>
    public const long IgnoreIndex = -100;

    readonly long[] _specialIds;

    public MlmMasker(WordPieceTokenizer tokenizer, MaskedLanguageModelingOptions? options = null)
        : this((tokenizer ?? throw new ArgumentNullException(nameof(tokenizer))).VocabSize, tokenizer.MaskId, tokenizer.SpecialIds, options)
    {
    }

    /// <param name="vocabSize">Random replacements are drawn from [0, vocabSize).</param>
    /// <param name="maskId">The id of [MASK].</param>
    /// <param name="specialIds">Ids never selected for masking ([CLS], [SEP], [PAD], ...).</param>
    /// <param name="options">Probabilities; the paper's 15% and 80/10/10 when null.</param>
    public MlmMasker(int vocabSize, int maskId, IEnumerable<int> specialIds, MaskedLanguageModelingOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 1);
        if (maskId < 0 || maskId >= vocabSize)
            throw new ArgumentOutOfRangeException(nameof(maskId), maskId, $"The [MASK] id {maskId} is outside the vocabulary [0, {vocabSize}).");
        ArgumentNullException.ThrowIfNull(specialIds);
        VocabSize = vocabSize;
        MaskId = maskId;
        _specialIds = specialIds.Select(id => (long)id).Distinct().ToArray();
        Options = (options ?? new MaskedLanguageModelingOptions()).Validate();
    }

    public int VocabSize { get; }
    public int MaskId { get; }
    public MaskedLanguageModelingOptions Options { get; }

    /// <summary>
    /// Corrupts a batch for MLM. Returns new tensors; the inputs are not modified.
    /// </summary>
    /// <param name="inputIds">(B, T) int64 token ids.</param>
    /// <param name="attentionMask">(B, T), nonzero on real tokens.</param>
    /// <param name="generator">The only source of randomness.</param>
    /// <returns>Corrupted input ids (B, T) int64 and labels (B, T) int64: the original id where selected, -100 elsewhere.</returns>
    public (Tensor inputIds, Tensor labels) Mask(Tensor inputIds, Tensor attentionMask, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        ArgumentNullException.ThrowIfNull(generator);
        if (inputIds.dtype != ScalarType.Int64)
            throw new ArgumentException($"input_ids must be int64, got {inputIds.dtype}.", nameof(inputIds));
        if (!attentionMask.shape.SequenceEqual(inputIds.shape))
            throw new ArgumentException(
                $"attention_mask shape ({string.Join(", ", attentionMask.shape)}) differs from input_ids shape ({string.Join(", ", inputIds.shape)}).",
                nameof(attentionMask));

        using var scope = torch.NewDisposeScope();
        var shape = inputIds.shape;                                   // (B, T)
        var device = inputIds.device;

        var eligible = attentionMask.ne(0);                           // (B, T) bool
        foreach (var id in _specialIds)
            eligible = eligible.logical_and(inputIds.ne(id));

        var probability = torch.full(shape, Options.MaskProbability, ScalarType.Float32, device)
            .masked_fill(eligible.logical_not(), 0.0);
        var selected = torch.bernoulli(probability, generator).to_type(ScalarType.Bool);
        var labels = inputIds.masked_fill(selected.logical_not(), IgnoreIndex);

        var replaced = torch.bernoulli(torch.full(shape, Options.MaskTokenFraction, ScalarType.Float32, device), generator)
            .to_type(ScalarType.Bool).logical_and(selected);
        var corrupted = inputIds.masked_fill(replaced, MaskId);

        // Hugging Face stops here when nothing is left to randomise (no draws from the generator).
        var remaining = 1 - Options.MaskTokenFraction;
        if (Options.RandomTokenFraction > 0 && remaining > 0)
        {
            var scaled = Math.Min(1.0, Options.RandomTokenFraction / remaining);
            var random = torch.bernoulli(torch.full(shape, scaled, ScalarType.Float32, device), generator)
                .to_type(ScalarType.Bool).logical_and(selected).logical_and(replaced.logical_not());
            var words = torch.randint(VocabSize, shape, ScalarType.Int64, device, generator: generator);
            corrupted = torch.where(random, words, corrupted);
        }

        return (corrupted.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }
}

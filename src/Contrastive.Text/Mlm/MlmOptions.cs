using Contrastive.Core;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Mlm;

/// <summary>
/// Options of masked-language-model pre-training (BERT, Devlin et al. 2019, section 3.1) that are not the trainer's.
/// </summary>
public sealed record MlmOptions
{
    /// <summary>The default <see cref="MaxSeqLength"/>: shorter than BERT's 128 (and 512 in its last phase) so that
    /// small models train at a useful speed on a CPU.</summary>
    public const int DefaultMaxSeqLength = 64;

    /// <summary>The corruption: 15% of the tokens selected, of which 80% become [MASK], 10% a random token, 10% stay.</summary>
    public MaskedLanguageModelingOptions Masking { get; init; } = new();

    /// <summary>Sentences are truncated to this many tokens, [CLS] and [SEP] included.</summary>
    public int MaxSeqLength { get; init; } = DefaultMaxSeqLength;

    /// <summary>
    /// The pooler written to the saved folder's sentence-encoder manifest (used by STS evaluation and encoding).
    /// <c>avg_first_last</c> by default, the strongest pooler for a BERT not trained for sentence embeddings in the
    /// SimCSE paper's baselines (Gao et al. 2021, table 1). <c>cls</c> is refused: it applies BERT's pooler,
    /// which MLM does not train (BERT trained it with next-sentence prediction, which is not done here).
    /// </summary>
    public PoolerType EncoderPooler { get; init; } = PoolerType.AvgFirstLast;

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public MlmOptions Validate()
    {
        if (Masking is null) throw new ContrastiveException("The MLM masking options must be given.");
        Masking.Validate();
        if (MaxSeqLength < 3)
            throw new ContrastiveException($"The maximum sequence length must be at least 3 ([CLS] token [SEP]); got {MaxSeqLength}.");
        if (!Enum.IsDefined(EncoderPooler))
            throw new ContrastiveException($"The encoder pooler {(int)EncoderPooler} is not a pooler type.");
        if (EncoderPooler == PoolerType.Cls)
            throw new ContrastiveException(
                "The encoder pooler 'cls' applies BERT's pooler, which MLM pre-training does not train; use cls_before_pooler, avg, avg_top2 or avg_first_last.");
        return this;
    }
}

using Contrastive.Core;
using Contrastive.Text.Pooling;

namespace Contrastive.Text.Sbert;

/// <summary>
/// SBERT's model arguments (Reimers, Gurevych, "Sentence-BERT", EMNLP 2019, arXiv:1908.10084): mean pooling (the
/// paper's default, "MEAN-strategy"), and the objective.
/// </summary>
/// <param name="Objective">Classification on NLI labels or regression on STS scores.</param>
/// <param name="Pooler">How u and v are read from BERT (SBERT: the mean of the last layer's token states, <c>avg</c>).</param>
/// <param name="MaxSeqLength">Sentences are truncated to this many tokens, [CLS] and [SEP] included (sentence-transformers: 128).</param>
public sealed record SbertOptions(
    SbertObjective Objective = SbertObjective.Nli,
    PoolerType Pooler = SbertOptions.DefaultPooler,
    int MaxSeqLength = SbertOptions.DefaultMaxSeqLength)
{
    /// <summary>SBERT's MEAN strategy (Reimers, Gurevych 2019, section 3 and table 6).</summary>
    public const PoolerType DefaultPooler = PoolerType.Avg;

    /// <summary>128 tokens, sentence-transformers' <c>max_seq_length</c> for BERT-base models.</summary>
    public const int DefaultMaxSeqLength = 128;

    public SbertOptions Validate()
    {
        if (!Enum.IsDefined(Objective)) throw new ContrastiveException($"Unknown SBERT objective {Objective}.");
        if (MaxSeqLength < 3) throw new ContrastiveException($"The maximum sequence length must be at least 3 ([CLS] token [SEP]); got {MaxSeqLength}.");
        return this;
    }
}

using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Mlm;

/// <summary>
/// Masked-language-model training examples for the <see cref="Trainer{TBatch}"/>: single sentences, tokenised on
/// demand (<c>[CLS] sentence [SEP]</c>, truncated to the maximum length) and padded to the longest of the batch.
/// </summary>
public sealed class MlmBatchSource : IBatchSource<MlmBatch>
{
    readonly IReadOnlyList<string> _sentences;
    readonly WordPieceTokenizer _tokenizer;

    /// <param name="sentences">The training sentences, indexed by the trainer.</param>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="maxSeqLength">Tokens per sentence at most, [CLS] and [SEP] included (at least 3).</param>
    public MlmBatchSource(IReadOnlyList<string> sentences, WordPieceTokenizer tokenizer, int maxSeqLength)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (sentences.Count == 0) throw new ContrastiveException("The MLM training data has no sentences.");
        if (maxSeqLength < 3)
            throw new ContrastiveException($"The maximum sequence length must be at least 3 ([CLS] token [SEP]); got {maxSeqLength}.");
        (_sentences, _tokenizer, MaxSeqLength) = (sentences, tokenizer, maxSeqLength);
    }

    public int Count => _sentences.Count;

    public int MaxSeqLength { get; }

    public MlmBatch GetBatch(IReadOnlyList<int> indices)
    {
        var texts = new string[indices.Count];
        for (int i = 0; i < texts.Length; i++) texts[i] = _sentences[indices[i]];
        return new MlmBatch(_tokenizer.EncodeBatch(texts, MaxSeqLength));   // (B, T)
    }
}

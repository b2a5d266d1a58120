using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Sbert;

/// <summary>SBERT training pairs for the <see cref="Trainer{TBatch}"/>, tokenised on demand and padded to the batch's
/// longest sentence.</summary>
public sealed class SbertBatchSource : IBatchSource<SbertBatch>
{
    readonly IReadOnlyList<SentencePairExample> _pairs;
    readonly WordPieceTokenizer _tokenizer;
    readonly int _maxSeqLength;
    readonly bool _labels;

    /// <param name="labels">Targets are class indices (int64) rather than similarities (float32).</param>
    public SbertBatchSource(IReadOnlyList<SentencePairExample> pairs, WordPieceTokenizer tokenizer, int maxSeqLength, bool labels)
    {
        if (pairs.Count == 0) throw new ContrastiveException("The SBERT training data has no pairs.");
        (_pairs, _tokenizer, _maxSeqLength, _labels) = (pairs, tokenizer, maxSeqLength, labels);
    }

    public int Count => _pairs.Count;

    public SbertBatch GetBatch(IReadOnlyList<int> indices)
    {
        var texts = indices.Select(i => _pairs[i].First).Concat(indices.Select(i => _pairs[i].Second)).ToArray();   // (2B)
        var targets = _labels
            ? tensor(indices.Select(i => (long)_pairs[i].Target).ToArray())
            : tensor(indices.Select(i => (float)_pairs[i].Target).ToArray());
        return new SbertBatch(_tokenizer.EncodeBatch(texts, _maxSeqLength), indices.Count, targets);
    }
}

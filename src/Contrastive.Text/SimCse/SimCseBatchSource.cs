using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Data;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.SimCse;

/// <summary>
/// SimCSE training examples for the <see cref="Trainer{TBatch}"/>: single sentences (unsupervised: each sentence is
/// its own positive) or (anchor, positive[, hard negative]) triplets (supervised, e.g. NLI). Tokenises on demand,
/// padding a batch to its longest sentence.
/// </summary>
public sealed class SimCseBatchSource : IBatchSource<SimCseBatch>
{
    readonly IReadOnlyList<string[]> _examples;
    readonly WordPieceTokenizer _tokenizer;
    readonly int _maxSeqLength;
    readonly int _views;

    SimCseBatchSource(IReadOnlyList<string[]> examples, int views, WordPieceTokenizer tokenizer, int maxSeqLength)
    {
        if (examples.Count == 0) throw new ContrastiveException("The SimCSE training data has no examples.");
        (_examples, _views, _tokenizer, _maxSeqLength) = (examples, views, tokenizer, maxSeqLength);
    }

    /// <summary>Unsupervised SimCSE: the positive of a sentence is the sentence itself under another dropout mask.</summary>
    public static SimCseBatchSource Unsupervised(IReadOnlyList<string> sentences, WordPieceTokenizer tokenizer, int maxSeqLength) =>
        new(sentences.Select(s => new[] { s, s }).ToArray(), 2, tokenizer, maxSeqLength);

    /// <summary>Supervised SimCSE: all triplets must agree on having a hard negative or not.</summary>
    public static SimCseBatchSource Supervised(IReadOnlyList<SentenceTriplet> triplets, WordPieceTokenizer tokenizer, int maxSeqLength)
    {
        if (triplets.Count == 0) throw new ContrastiveException("The supervised SimCSE data has no examples.");
        bool hard = triplets[0].HardNegative is not null;
        if (triplets.Any(t => (t.HardNegative is not null) != hard))
            throw new ContrastiveException("Either every supervised example has a hard negative or none has.");
        var examples = triplets.Select(t => hard ? new[] { t.Anchor, t.Positive, t.HardNegative! } : new[] { t.Anchor, t.Positive }).ToArray();
        return new SimCseBatchSource(examples, hard ? 3 : 2, tokenizer, maxSeqLength);
    }

    public int Count => _examples.Count;

    /// <summary>Sentences per example: 2, or 3 with hard negatives.</summary>
    public int Views => _views;

    public SimCseBatch GetBatch(IReadOnlyList<int> indices)
    {
        var texts = new string[indices.Count * _views];
        for (int v = 0; v < _views; v++)
            for (int i = 0; i < indices.Count; i++)
                texts[v * indices.Count + i] = _examples[indices[i]][v];   // view-major: (V*B)
        return new SimCseBatch(_tokenizer.EncodeBatch(texts, _maxSeqLength), indices.Count, _views);
    }
}

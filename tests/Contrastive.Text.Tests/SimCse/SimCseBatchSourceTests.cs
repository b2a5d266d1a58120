using Contrastive.Core;
using Contrastive.Text.Data;
using Contrastive.Text.SimCse;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.SimCse;

public class SimCseBatchSourceTests
{
    static long[][] Rows(Tensor t) =>
        Enumerable.Range(0, (int)t.shape[0]).Select(i => t[i].data<long>().ToArray()).ToArray();

    static long[] Ids(WordPieceTokenizer tokenizer, string s) =>
        tokenizer.Encode(s).Select(i => (long)i).ToArray();

    /// <summary>Row <paramref name="row"/> of a padded batch without its padding.</summary>
    static long[] Unpadded(TokenizedBatch batch, int row) =>
        batch.InputIds[row].data<long>().ToArray().Take((int)batch.AttentionMask[row].sum().item<long>()).ToArray();

    [Fact]
    public void GetBatch_Unsupervised_SecondHalfRepeatsFirstHalfInOrder()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var source = SimCseBatchSource.Unsupervised(TinyCorpus.Sentences, tokenizer, 32);
        int[] indices = [5, 0, 2];

        var batch = source.GetBatch(indices);

        Assert.Equal((3, 2), (batch.Examples, batch.Views));
        Assert.Equal(2, source.Views);
        Assert.Equal(TinyCorpus.Sentences.Length, source.Count);
        Assert.Equal(6, batch.Tokens.BatchSize);
        var ids = Rows(batch.Tokens.InputIds);
        var mask = Rows(batch.Tokens.AttentionMask);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(ids[i], ids[3 + i]);       // rows B..2B repeat rows 0..B
            Assert.Equal(mask[i], mask[3 + i]);
            Assert.Equal(Ids(tokenizer, TinyCorpus.Sentences[indices[i]]), Unpadded(batch.Tokens, i));
        }
        // Padded to the longest sentence of the batch (index 5: 14 tokens plus [CLS] and [SEP]).
        Assert.Equal(tokenizer.Encode(TinyCorpus.Sentences[5]).Count, batch.Tokens.SequenceLength);
    }

    [Fact]
    public void GetBatch_SupervisedWithHardNegatives_StacksAnchorsPositivesNegatives()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        SentenceTriplet[] triplets =
        [
            new("a man plays the guitar .", "a man is playing a guitar .", "a woman reads ."),
            new("the dog runs .", "a dog is running .", "the cat is on the street ."),
            new("a child reads a book .", "a child is reading .", "the man runs in the park ."),
        ];
        var source = SimCseBatchSource.Supervised(triplets, tokenizer, 32);
        int[] indices = [2, 0];

        var batch = source.GetBatch(indices);

        Assert.Equal((2, 3), (batch.Examples, batch.Views));
        Assert.Equal(3, source.Views);
        Assert.Equal(6, batch.Tokens.BatchSize);
        for (int i = 0; i < 2; i++)
        {
            var t = triplets[indices[i]];
            Assert.Equal(Ids(tokenizer, t.Anchor), Unpadded(batch.Tokens, i));
            Assert.Equal(Ids(tokenizer, t.Positive), Unpadded(batch.Tokens, 2 + i));
            Assert.Equal(Ids(tokenizer, t.HardNegative!), Unpadded(batch.Tokens, 4 + i));
        }
    }

    [Fact]
    public void GetBatch_SupervisedPairs_TwoViews()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        SentenceTriplet[] pairs = [new("a man plays .", "a man is playing .", null), new("the dog runs .", "a dog is running .", null)];

        var batch = SimCseBatchSource.Supervised(pairs, tokenizer, 32).GetBatch([1, 0]);

        Assert.Equal((2, 2), (batch.Examples, batch.Views));
        Assert.Equal(Ids(tokenizer, "the dog runs ."), Unpadded(batch.Tokens, 0));
        Assert.Equal(Ids(tokenizer, "a man plays ."), Unpadded(batch.Tokens, 1));
        Assert.Equal(Ids(tokenizer, "a dog is running ."), Unpadded(batch.Tokens, 2));
        Assert.Equal(Ids(tokenizer, "a man is playing ."), Unpadded(batch.Tokens, 3));
    }

    [Fact]
    public void GetBatch_LongSentence_TruncatedToMaxSeqLength()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);

        var batch = SimCseBatchSource.Unsupervised(TinyCorpus.Sentences, tokenizer, 5).GetBatch([5]);

        Assert.Equal(5, batch.Tokens.SequenceLength);
        Assert.Equal(tokenizer.SepId, batch.Tokens.InputIds[0, 4].item<long>());
    }

    [Fact]
    public void Supervised_MixedTripletsAndPairs_ThrowsContrastiveException()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        SentenceTriplet[] mixed = [new("a man plays .", "a man is playing .", "a cat ."), new("the dog runs .", "a dog is running .", null)];

        var e = Assert.Throws<ContrastiveException>(() => SimCseBatchSource.Supervised(mixed, tokenizer, 32));
        Assert.Contains("hard negative", e.Message);
    }

    [Fact]
    public void Create_NoExamples_ThrowsContrastiveException()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);

        Assert.Throws<ContrastiveException>(() => SimCseBatchSource.Unsupervised([], tokenizer, 32));
        Assert.Throws<ContrastiveException>(() => SimCseBatchSource.Supervised([], tokenizer, 32));
    }
}

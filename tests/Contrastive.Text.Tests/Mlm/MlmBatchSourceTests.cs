using Contrastive.Core;
using Contrastive.Text.Mlm;

namespace Contrastive.Text.Tests.Mlm;

public class MlmBatchSourceTests
{
    [Fact]
    public void GetBatch_Indices_TokenisesThoseSentencesInOrderPaddedToLongest()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        var source = new MlmBatchSource(["the cat sat .", "a dog", "the big red bird slept"], tokenizer, 64);
        Assert.Equal(3, source.Count);

        using var batch = source.GetBatch([2, 1]).Tokens;
        // [CLS] the big red bird slept [SEP] / [CLS] a dog [SEP] [PAD] [PAD] [PAD]
        Assert.Equal(new long[] { 2, 5, 19, 21, 9, 12, 3, 2, 6, 8, 3, 0, 0, 0 }, batch.InputIds.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, batch.AttentionMask.data<long>().ToArray());
        Assert.Equal([2L, 7], batch.InputIds.shape);
    }

    [Fact]
    public void GetBatch_LongSentence_TruncatedToMaxSeqLengthWithSepLast()
    {
        using var dir = new TempDir();
        var source = new MlmBatchSource(["the big red bird slept on the mat ."], TinyVocabulary.Grammar.Tokenizer(dir), 5);
        using var batch = source.GetBatch([0]).Tokens;
        Assert.Equal(new long[] { 2, 5, 19, 21, 3 }, batch.InputIds.data<long>().ToArray());
    }

    [Fact]
    public void Constructor_NoSentences_Throws()
    {
        using var dir = new TempDir();
        Assert.Throws<ContrastiveException>(() => new MlmBatchSource([], TinyVocabulary.Grammar.Tokenizer(dir), 64));
    }
}

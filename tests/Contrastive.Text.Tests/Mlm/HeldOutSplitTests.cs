using Contrastive.Core;
using Contrastive.Text.Mlm;

namespace Contrastive.Text.Tests.Mlm;

public class HeldOutSplitTests
{
    static readonly string[] Corpus = Enumerable.Range(0, 10).Select(i => $"sentence {i}").ToArray();

    [Fact]
    public void Create_Count3_HeldOutIsTheLastThreeInOrderAndTrainingTheRest()
    {
        var split = HeldOutSplit.Create(Corpus, 3);
        Assert.Equal(Corpus[7..], split.HeldOut);
        Assert.Equal(Corpus[..7], split.Training);
        Assert.Equal(0, split.DroppedDuplicates);
    }

    [Fact]
    public void Create_SameCorpusTwice_SameSplit()
    {
        var sentences = TinyCorpus.Grammar(300);
        var a = HeldOutSplit.Create(sentences);
        var b = HeldOutSplit.Create(sentences.ToList());
        Assert.Equal(a.Training, b.Training);
        Assert.Equal(a.HeldOut, b.HeldOut);
        Assert.Equal(3, a.HeldOut.Count);   // 1% of 300
    }

    [Fact]
    public void Create_TrainingCopyOfHeldOutSentence_IsDroppedSoTheSetsAreDisjoint()
    {
        string[] sentences = ["a", "b", "c", "a", "d", "a", "e"];   // held out: "a", "e"
        var split = HeldOutSplit.Create(sentences, 2);
        Assert.Equal(["a", "e"], split.HeldOut);
        Assert.Equal(["b", "c", "d"], split.Training);
        Assert.Equal(2, split.DroppedDuplicates);
        Assert.Empty(split.Training.Intersect(split.HeldOut));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(150, 1)]
    [InlineData(1000, 10)]
    [InlineData(199_999, 1999)]
    [InlineData(1_000_000, 2000)]
    public void DefaultCount_OnePercentAtLeastOneAtMost2000(int total, int expected) =>
        Assert.Equal(expected, HeldOutSplit.DefaultCount(total));

    [Fact]
    public void Create_Zero_HoldsOutNothing()
    {
        var split = HeldOutSplit.Create(Corpus, 0);
        Assert.Empty(split.HeldOut);
        Assert.Equal(Corpus, split.Training);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void Create_NegativeOrWholeCorpus_ThrowsNamingCount(int count)
    {
        var e = Assert.Throws<ContrastiveException>(() => HeldOutSplit.Create(Corpus, count));
        Assert.Contains(count.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Fact]
    public void Create_EveryTrainingSentenceCopiesHeldOut_Throws() =>
        Assert.Throws<ContrastiveException>(() => HeldOutSplit.Create(["x", "x", "x"], 1));
}

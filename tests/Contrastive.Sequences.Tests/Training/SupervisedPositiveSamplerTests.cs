using Contrastive.Sequences.Training;

namespace Contrastive.Sequences.Tests.Training;

public class SupervisedPositiveSamplerTests
{
    // Next item 3 follows [1, 2] (A, the query's own input), [4] (B) and [9, 10, 11] (E, inside a longer sequence).
    static readonly int[][] Sequences = [[1, 2, 3], [4, 3], [5, 6], [7, 3, 8], [9, 10, 11, 3, 12]];

    [Fact]
    public void Sample_OtherHistoriesWithTheSameNextItem_UniformNeverItself()
    {
        var sampler = new SupervisedPositiveSampler(Sequences, maxLength: 50);
        Assert.Equal(3, sampler.CandidateCount(0));           // B, D's [7], E's [9, 10, 11]
        var random = new Random(11);
        var counts = Enumerable.Range(0, 3000).Select(_ => string.Join(' ', sampler.Sample(0, random)))
                               .GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new HashSet<string> { "4", "7", "9 10 11" }, counts.Keys.ToHashSet());
        Assert.All(counts.Values, c => Assert.InRange(c, 850, 1150));  // 1000 expected each
    }

    [Fact]
    public void Sample_NoOtherHistory_ReturnsTheQuerysOwnInput()
    {
        var sampler = new SupervisedPositiveSampler(Sequences, maxLength: 50);
        Assert.Equal(0, sampler.CandidateCount(2));
        Assert.Equal([5], sampler.Sample(2, new Random(1)));
        Assert.Equal([7, 3], sampler.Sample(3, new Random(1)));     // next item 8 occurs once
    }

    [Fact]
    public void Sample_KeepsTheLastMaxLengthItemsOfTheHistory()
    {
        var sampler = new SupervisedPositiveSampler(Sequences, maxLength: 2);
        var random = new Random(2);
        var drawn = Enumerable.Range(0, 200).Select(_ => string.Join(' ', sampler.Sample(1, random))).ToHashSet();
        Assert.Equal(new HashSet<string> { "1 2", "7", "10 11" }, drawn);
        Assert.Equal([11, 3], sampler.Sample(4, random));            // next item 12 occurs once: own input's last 2
    }

    [Fact]
    public void Sample_SameSeedSameDraws()
    {
        var sampler = new SupervisedPositiveSampler(Sequences, maxLength: 50);
        int[][] Draw(int seed) { var r = new Random(seed); return Enumerable.Range(0, 10).Select(_ => sampler.Sample(0, r)).ToArray(); }
        Assert.Equal(Draw(4), Draw(4));
    }

    [Fact]
    public void Constructor_SequenceWithoutTarget_Throws() =>
        Assert.Throws<ArgumentException>(() => new SupervisedPositiveSampler([[1, 2], [3]], 5));
}

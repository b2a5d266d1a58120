using Contrastive.Text.Evaluation;

namespace Contrastive.Text.Tests.Evaluation;

public class StsTaskTests
{
    static readonly IReadOnlyList<StsPair> Two = [new("a", "b", 1), new("c", "d", 2)];

    [Fact]
    public void Constructor_KeepsSubsetOrderAndCountsPairs()
    {
        var task = new StsTask("STS13", [KeyValuePair.Create("OnWN", Two), KeyValuePair.Create("FNWN", (IReadOnlyList<StsPair>)[new StsPair("e", "f", 3)])]);
        Assert.Equal(["OnWN", "FNWN"], task.SubsetNames);
        Assert.Equal(3, task.PairCount);
        Assert.Equal(["a", "c", "e"], task.AllPairs.Select(p => p.Sentence1));
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new StsTask(" ", "test", Two));
        Assert.Throws<ArgumentException>(() => new StsTask("T", []));
        Assert.Throws<ArgumentException>(() => new StsTask("T", [KeyValuePair.Create("s", Two), KeyValuePair.Create("s", Two)]));
    }
}

using Contrastive.Core;
using Contrastive.Embeddings.Indexes;

namespace Contrastive.Embeddings.Tests.Indexes;

public class IvfOptionsTests
{
    [Fact]
    public void Defaults_AreSimCseFaissFastAndFaissKMeans()
    {
        var o = new IvfOptions();
        Assert.Equal(100, o.Cells);
        Assert.Equal(10, o.NProbe);
        Assert.Equal(25, o.Iterations);
        Assert.Equal(256, o.MaxTrainingPointsPerCell);
        Assert.Equal(1234, o.Seed);
    }

    [Fact]
    public void Validate_ValueBelowOne_ThrowsNamingIt()
    {
        Assert.Contains("Cells", Assert.Throws<ContrastiveException>(() => new IvfOptions { Cells = 0 }.Validate()).Message);
        Assert.Contains("NProbe", Assert.Throws<ContrastiveException>(() => new IvfOptions { NProbe = -1 }.Validate()).Message);
        Assert.Contains("Iterations", Assert.Throws<ContrastiveException>(() => new IvfOptions { Iterations = 0 }.Validate()).Message);
        Assert.Throws<ContrastiveException>(() => new IvfOptions { MaxTrainingPointsPerCell = 0 }.Validate());
    }
}

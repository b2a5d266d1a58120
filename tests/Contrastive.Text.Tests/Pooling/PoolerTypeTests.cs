using Contrastive.Core;
using Contrastive.Text.Pooling;

namespace Contrastive.Text.Tests.Pooling;

public class PoolerTypeTests
{
    [Theory]
    [InlineData("cls", PoolerType.Cls)]
    [InlineData("cls_before_pooler", PoolerType.ClsBeforePooler)]
    [InlineData("avg", PoolerType.Avg)]
    [InlineData("avg_top2", PoolerType.AvgTop2)]
    [InlineData("avg_first_last", PoolerType.AvgFirstLast)]
    public void Parse_SimCseName_RoundTrips(string name, PoolerType type)
    {
        Assert.Equal(type, PoolerTypeNames.Parse(name));
        Assert.Equal(name, type.ToName());
    }

    [Fact]
    public void All_ListsEveryEnumValueOnce()
    {
        Assert.Equal(Enum.GetValues<PoolerType>().Select(t => t.ToName()), PoolerTypeNames.All);
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("CLS")]
    [InlineData("")]
    public void Parse_Unknown_ThrowsListingValidNames(string name)
    {
        var e = Assert.Throws<ContrastiveException>(() => PoolerTypeNames.Parse(name));
        Assert.Equal($"Unknown pooler type '{name}'; valid pooler types are cls, cls_before_pooler, avg, avg_top2, avg_first_last.", e.Message);
    }
}

using Contrastive.Core.Momentum;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Momentum;

public class EmaUpdaterTests
{
    static nn.Module<Tensor, Tensor> Linear(ulong seed)
    {
        manual_seed((long)seed);
        return nn.Linear(3, 2);
    }

    [Fact]
    public void Update_Tau_GivesWeightedAverage()
    {
        var online = Linear(1);
        var target = Linear(2);
        var before = target.parameters().Select(p => p.detach().clone()).ToArray();
        var onlineValues = online.parameters().Select(p => p.detach().clone()).ToArray();
        EmaUpdater.Update(target, online, 0.9);
        var after = target.parameters().ToArray();
        for (int i = 0; i < after.Length; i++)
        {
            var expected = 0.9 * before[i] + 0.1 * onlineValues[i];
            Assert.True(after[i].allclose(expected, rtol: 0, atol: 1e-6));
        }
    }

    [Fact]
    public void Update_TauZero_CopiesOnline_TauOne_KeepsTarget()
    {
        var online = Linear(1);
        var target = Linear(2);
        var kept = target.parameters().Select(p => p.detach().clone()).ToArray();
        EmaUpdater.Update(target, online, 1.0);
        Assert.All(target.parameters().Zip(kept), pair => Assert.True(pair.First.allclose(pair.Second, 0, 0)));
        EmaUpdater.Update(target, online, 0.0);
        Assert.All(target.parameters().Zip(online.parameters()), pair => Assert.True(pair.First.allclose(pair.Second, 0, 0)));
    }

    [Fact]
    public void CopyAndFreeze_CopiesAndStopsGradients()
    {
        var online = Linear(1);
        var target = Linear(2);
        EmaUpdater.CopyAndFreeze(target, online);
        Assert.All(target.parameters(), p => Assert.False(p.requires_grad));
        Assert.All(target.parameters().Zip(online.parameters()), pair => Assert.True(pair.First.allclose(pair.Second, 0, 0)));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Update_TauOutsideUnitInterval_Throws(double tau) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EmaUpdater.Update(Linear(1), Linear(2), tau));

    [Fact]
    public void Update_DifferentShapes_ThrowsNamingParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => EmaUpdater.Update(nn.Linear(3, 2), nn.Linear(4, 2), 0.5));
        Assert.Contains("weight", e.Message);
    }
}

using Contrastive.Core.Memory;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Memory;

public class NegativeQueueTests
{
    static Tensor Rows(int n, int d, float start) =>
        (arange(n * d, dtype: ScalarType.Float32) + start).view(n, d);

    [Fact]
    public void Constructor_RandomUnitRows_PointerZero()
    {
        using var g = new Generator(3);
        var q = new NegativeQueue(8, 4, g);
        Assert.Equal(0, q.Pointer);
        var norms = q.Snapshot().norm(1);
        Assert.True(norms.allclose(ones(8), rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Enqueue_WritesAtPointerAndWrapsAround()
    {
        var q = new NegativeQueue(5, 2, new Generator(0));
        var first = Rows(3, 2, 0);
        q.Enqueue(first);
        Assert.Equal(3, q.Pointer);
        Assert.True(q.Snapshot().narrow(0, 0, 3).equal(first).all().item<bool>());

        var second = Rows(3, 2, 100);        // rows 3, 4, then 0 (oldest) again
        q.Enqueue(second);
        Assert.Equal(1, q.Pointer);
        var s = q.Snapshot();
        Assert.True(s[3].equal(second[0]).all().item<bool>());
        Assert.True(s[4].equal(second[1]).all().item<bool>());
        Assert.True(s[0].equal(second[2]).all().item<bool>());
        Assert.True(s[1].equal(first[1]).all().item<bool>());   // not yet overwritten
    }

    [Fact]
    public void Enqueue_MoreKeysThanSize_KeepsTheLastK()
    {
        var q = new NegativeQueue(2, 1, new Generator(0));
        q.Enqueue(tensor(new float[] { 1, 2, 3 }).view(3, 1));
        var values = q.Snapshot().flatten().data<float>().ToArray();
        Assert.Equal(new float[] { 2, 3 }.OrderBy(v => v), values.OrderBy(v => v));
    }

    [Fact]
    public void StateDict_HoldsQueueAndPointer()
    {
        var q = new NegativeQueue(4, 3, new Generator(0));
        var keys = q.state_dict().Keys.ToArray();
        Assert.Contains("queue", keys);
        Assert.Contains("queue_ptr", keys);
    }

    [Fact]
    public void Enqueue_WrongWidth_Throws() =>
        Assert.Throws<ArgumentException>(() => new NegativeQueue(4, 3, new Generator(0)).Enqueue(zeros(2, 5)));
}

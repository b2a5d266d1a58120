using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public sealed class MoCoLossTests
{
    static Tensor Unit(long n, long d, ulong seed) =>
        nn.functional.normalize(randn(n, d, dtype: ScalarType.Float64, generator: new Generator(seed)), p: 2, dim: 1);

    [Theory]
    [InlineData(0.2, 16)]
    [InlineData(0.07, 5)]
    public void Forward_Random_MatchesSlowReference(double tau, int queue)
    {
        using var scope = NewDisposeScope();
        var q = Unit(6, 8, 1);
        var k = Unit(6, 8, 2);
        var negatives = Unit(queue, 8, 3);
        using var loss = new MoCoLoss(tau);
        double expected = ReferenceLosses.MoCo(ReferenceLosses.Rows(q), ReferenceLosses.Rows(k), ReferenceLosses.Rows(negatives), tau);
        Assert.Equal(expected, loss.forward(q, k, negatives).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_EmptyQueue_IsZero()
    {
        // With no negatives the softmax has one entry: the loss is exactly 0.
        using var scope = NewDisposeScope();
        var q = Unit(4, 8, 4);
        using var loss = new MoCoLoss();
        Assert.Equal(0.0, loss.forward(q, Unit(4, 8, 5), zeros(0, 8, dtype: ScalarType.Float64)).item<double>(), 1e-12);
    }

    [Fact]
    public void Forward_QueueOfOrthogonalKeys_AnalyticValue()
    {
        // q = k = e_1, the queue K copies of e_2: ℓ = −log(e^{1/τ} / (e^{1/τ} + K)) = log(1 + K e^{−1/τ}).
        using var scope = NewDisposeScope();
        var q = tensor(new double[] { 1, 0, 0 }).view(1, 3);
        var n = tensor(new double[] { 0, 1, 0 }).view(1, 3).repeat(7, 1);
        using var loss = new MoCoLoss(0.5);
        Assert.Equal(Math.Log(1 + 7 * Math.Exp(-2)), loss.forward(q, q, n).item<double>(), 1e-12);
    }

    [Fact]
    public void Backward_Queries_ReceiveGradient()
    {
        using var scope = NewDisposeScope();
        var q = Unit(4, 8, 6).requires_grad_();
        var k = Unit(4, 8, 7);
        using var loss = new MoCoLoss();
        loss.forward(q, k, Unit(10, 8, 8)).backward();
        Assert.True(q.grad is not null && q.grad.abs().sum().item<double>() > 0);
    }

    [Fact]
    public void Constructor_BadTemperature_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoCoLoss(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MoCoLoss(double.PositiveInfinity));
    }

    [Fact]
    public void Forward_QueueOfOtherWidth_ThrowsNamingShapes()
    {
        using var scope = NewDisposeScope();
        using var loss = new MoCoLoss();
        var ex = Assert.Throws<ArgumentException>(() => loss.forward(zeros(3, 8), zeros(3, 8), zeros(5, 4)));
        Assert.Contains("[5, 4]", ex.Message);
    }
}

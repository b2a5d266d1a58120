using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class NegativeCosineLossTests
{
    private static Tensor Random(long n, long d, long seed) =>
        randn(n, d, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));

    [Fact]
    public void Forward_Random_MatchesReference()
    {
        using var scope = NewDisposeScope();
        var p = Random(9, 11, 31);
        var z = Random(9, 11, 32);
        using var loss = new NegativeCosineLoss();
        double expected = ReferenceLosses.NegativeCosine(ReferenceLosses.Rows(p), ReferenceLosses.Rows(z));
        Assert.Equal(expected, loss.forward(p, z).item<double>(), 1e-5);
    }

    [Fact]
    public void Forward_TargetsArePositiveMultiples_EqualsMinusOne()
    {
        using var scope = NewDisposeScope();
        var p = Random(5, 4, 33);
        using var loss = new NegativeCosineLoss();
        Assert.Equal(-1.0, loss.forward(p, p * 3.0).item<double>(), 1e-10);
        Assert.Equal(1.0, loss.forward(p, p * -2.0).item<double>(), 1e-10);
    }

    [Fact]
    public void Backward_Targets_ReceiveNoGradient()
    {
        using var scope = NewDisposeScope();
        var p = Random(5, 4, 34).requires_grad_();
        var z = Random(5, 4, 35).requires_grad_();
        using var loss = new NegativeCosineLoss();
        loss.forward(p, z).backward();
        Assert.True(p.grad is not null && p.grad.abs().sum().item<double>() > 0);
        Assert.True(z.grad is null || z.grad.abs().sum().item<double>() == 0);
    }

    [Fact]
    public void Backward_TargetComputedFromParameter_ParameterReceivesNoGradient()
    {
        // Stop-gradient must also cut the branch that produced the target, not only the leaf.
        using var scope = NewDisposeScope();
        var w = Random(4, 4, 36).requires_grad_();
        var x = Random(5, 4, 37);
        var p = Random(5, 4, 38).requires_grad_();
        using var loss = new NegativeCosineLoss();
        loss.forward(p, x.matmul(w)).backward();
        Assert.True(w.grad is null || w.grad.abs().sum().item<double>() == 0);
    }

    [Fact]
    public void Backward_WithoutStopGradient_TargetsGetGradient_SameValue()
    {
        using var scope = NewDisposeScope();
        var p = Random(5, 4, 39).requires_grad_();
        var z = Random(5, 4, 40).requires_grad_();
        using var stopped = new NegativeCosineLoss();
        using var through = new NegativeCosineLoss(stopGradient: false);
        Assert.True(stopped.StopGradient);
        Assert.False(through.StopGradient);
        var loss = through.forward(p, z);
        Assert.Equal(stopped.forward(p, z).item<double>(), loss.item<double>());
        loss.backward();
        Assert.True(z.grad is not null && z.grad.abs().sum().item<double>() > 0);
    }

    [Fact]
    public void Forward_MismatchedShapes_ThrowsNamingShapes()
    {
        using var scope = NewDisposeScope();
        using var loss = new NegativeCosineLoss();
        var ex = Assert.Throws<ArgumentException>(() => loss.forward(zeros(3, 8), zeros(2, 8)));
        Assert.Contains("[3, 8]", ex.Message);
        Assert.Contains("[2, 8]", ex.Message);
    }
}

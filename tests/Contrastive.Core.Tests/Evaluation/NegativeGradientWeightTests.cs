using Contrastive.Core.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Evaluation;

public class NegativeGradientWeightTests
{
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.5)]
    public void InfoNce_TwoNegatives_MatchesLogistic(double tau)
    {
        // r_1 = e^{s_1/τ} / (e^{s_1/τ} + e^{s_2/τ}) = 1 / (1 + e^{(s_2 − s_1)/τ}).
        using var scope = NewDisposeScope();
        var r = NegativeGradientWeight.InfoNce(tensor(new double[] { 0.3, -0.2 }), tau);
        Assert.Equal(1 / (1 + Math.Exp(-0.5 / tau)), r[0].item<double>(), 1e-12);
        Assert.Equal(1.0, r.sum().item<double>(), 1e-12);
    }

    [Fact]
    public void InfoNce_MatchesGradientOfTheLoss()
    {
        // ∂/∂s_k of −log(e^{s⁺/τ} / (e^{s⁺/τ} + Σ_j e^{s_j/τ})) is e^{s_k/τ} / (τ Z): proportional to r_k over the negatives.
        using var scope = NewDisposeScope();
        const double tau = 0.2;
        var s = tensor(new double[] { 0.9, 0.1, -0.4, 0.6 }).requires_grad_();   // s[0] is the positive
        var loss = -(s / tau).log_softmax(0)[0];
        loss.backward();
        var grad = s.grad!.narrow(0, 1, 3);
        var expected = NegativeGradientWeight.InfoNce(s.detach().narrow(0, 1, 3), tau);
        Assert.True((grad / grad.sum() - expected).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void Hcl_Beta_ActsAsLowerTemperature()
    {
        using var scope = NewDisposeScope();
        var s = tensor(new double[] { 0.8, 0.2, -0.5 });
        var hcl = NegativeGradientWeight.Hcl(s, 0.5, beta: 1.0);
        var infoNce = NegativeGradientWeight.InfoNce(s, 0.25);
        Assert.True((hcl - infoNce).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void InfoNce_SmallerTemperature_ConcentratesOnTheHardestNegative()
    {
        using var scope = NewDisposeScope();
        var s = tensor(new double[] { 0.5, 0.4, 0.0 });
        Assert.True(NegativeGradientWeight.InfoNce(s, 0.05)[0].item<double>() > NegativeGradientWeight.InfoNce(s, 1.0)[0].item<double>());
    }
}

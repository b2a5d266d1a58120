using Contrastive.Vision.Methods;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

public class ByolTests
{
    [Fact]
    public void ComputeLoss_Backward_NoGradientReachesTheTarget()
    {
        var method = MethodTestData.Create(VisionMethodKind.Byol);
        using var loss = method.ComputeLoss(MethodTestData.Batch());
        loss.backward();
        Assert.InRange(loss.item<float>(), -1f, 1f);
        Assert.All(method.Network.BackboneMomentum!.parameters().Concat(method.Network.ProjectionHeadMomentum!.parameters()),
                   p => Assert.Null(p.grad));
        Assert.Contains(method.Network.PredictionHead!.parameters(), p => p.grad is not null && p.grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Momentum_FollowsTheCosineSchedule_OrZeroWithoutEma()
    {
        var byol = (Byol)MethodTestData.Create(VisionMethodKind.Byol);
        Assert.Equal(0.996, byol.Momentum(0, 100), 12);
        Assert.Equal(0.998, byol.Momentum(50, 100), 12);
        Assert.Equal(1.0, byol.Momentum(100, 100), 12);
        var noEma = (Byol)MethodTestData.Create(VisionMethodKind.Byol, MethodTestData.Options with { Ema = false });
        Assert.Equal(0.0, noEma.Momentum(50, 100));
    }

    [Fact]
    public void OnStepEnd_WithoutEma_TargetEqualsOnline()
    {
        var method = MethodTestData.Create(VisionMethodKind.Byol, MethodTestData.Options with { Ema = false });
        var online = method.Network.Backbone.state_dict()["conv3.weight"];
        using (no_grad()) online.mul_(2.0);
        method.OnStepEnd(1, 10);
        Assert.True(method.Network.BackboneMomentum!.state_dict()["conv3.weight"].allclose(online, rtol: 0, atol: 0));
    }
}

using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Vision.Methods;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

public class SupConTests
{
    [Fact]
    public void ComputeLoss_EqualsSupConOfTheProjectionsWithEachImagesLabelOnBothViews()
    {
        var method = MethodTestData.Create(VisionMethodKind.SupCon);
        var batch = MethodTestData.Batch();
        using var loss = method.ComputeLoss(batch);
        using var z = method.Network.Project(cat([batch.Views[0], batch.Views[1]], 0));
        using var expected = new SupConLoss(0.07).forward(z, cat([batch.Labels!, batch.Labels!], 0));
        Assert.Equal(expected.item<float>(), loss.item<float>(), 5);
    }

    [Fact]
    public void ComputeLoss_NoLabels_ThrowsContrastiveException()
    {
        var method = MethodTestData.Create(VisionMethodKind.SupCon);
        var batch = MethodTestData.Batch();
        Assert.Throws<ContrastiveException>(() => method.ComputeLoss(batch with { Labels = null }));
    }

    [Fact]
    public void ComputeLoss_Backward_GradientReachesBackboneAndHead()
    {
        var method = MethodTestData.Create(VisionMethodKind.SupCon);
        method.ComputeLoss(MethodTestData.Batch()).backward();
        Assert.All(method.Network.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void Temperature_Default_IsThePapersCodeDefault() =>
        Assert.Equal(0.07, new VisionMethodOptions().TemperatureFor(VisionMethodKind.SupCon));
}

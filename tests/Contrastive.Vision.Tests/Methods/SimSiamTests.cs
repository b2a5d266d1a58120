using Contrastive.Vision.Methods;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

public class SimSiamTests
{
    static (Tensor P1, Tensor P2, Tensor Z1, Tensor Z2) Leaves()
    {
        using var g = new Generator(3);
        Tensor Leaf() => randn([4, 6], generator: g).requires_grad_(true);
        return (Leaf(), Leaf(), Leaf(), Leaf());
    }

    [Fact]
    public void SymmetricLoss_StopGradient_NoGradientReachesTheTargets()
    {
        var method = (SimSiam)MethodTestData.Create(VisionMethodKind.SimSiam);
        var (p1, p2, z1, z2) = Leaves();
        method.SymmetricLoss(p1, p2, z1, z2).backward();
        Assert.Null(z1.grad);
        Assert.Null(z2.grad);
        Assert.True(p1.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void SymmetricLoss_WithoutStopGradient_TargetsGetGradient_SameValue()
    {
        var (p1, p2, z1, z2) = Leaves();
        var withStop = (SimSiam)MethodTestData.Create(VisionMethodKind.SimSiam);
        var without = (SimSiam)MethodTestData.Create(VisionMethodKind.SimSiam, MethodTestData.Options with { StopGradient = false });
        float stopped = withStop.SymmetricLoss(p1, p2, z1, z2).item<float>();
        var loss = without.SymmetricLoss(p1, p2, z1, z2);
        Assert.Equal(stopped, loss.item<float>(), 5);
        loss.backward();
        Assert.True(z1.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void ComputeLoss_IdenticalViews_InMinusOneToOne()
    {
        var method = MethodTestData.Create(VisionMethodKind.SimSiam);
        var b = MethodTestData.Batch();
        using var loss = method.ComputeLoss(new ImageBatch([b.Views[0], b.Views[0]], null));
        Assert.InRange(loss.item<float>(), -1f, 1f);
    }
}

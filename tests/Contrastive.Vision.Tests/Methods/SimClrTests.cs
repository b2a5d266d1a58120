using Contrastive.Core.Losses;
using Contrastive.Vision.Methods;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

public class SimClrTests
{
    [Fact]
    public void ComputeLoss_EqualsNtXentOfTheProjections()
    {
        var method = MethodTestData.Create(VisionMethodKind.SimClr);
        var batch = MethodTestData.Batch();
        using var loss = method.ComputeLoss(batch);
        using var z = method.Network.Project(cat([batch.Views[0], batch.Views[1]], 0));
        using var expected = new NtXentLoss(0.5).forward(z.narrow(0, 0, 6), z.narrow(0, 6, 6));
        Assert.Equal(expected.item<float>(), loss.item<float>(), 5);
    }

    [Fact]
    public void ComputeLoss_Hcl_EqualsHardNegativeLossOfTheProjections()
    {
        var options = MethodTestData.Options with { Hcl = new HclOptions(Beta: 1.0, TauPlus: 0.1) };
        var method = MethodTestData.Create(VisionMethodKind.SimClr, options);
        var batch = MethodTestData.Batch();
        using var loss = method.ComputeLoss(batch);
        using var z = method.Network.Project(cat([batch.Views[0], batch.Views[1]], 0));
        using var expected = new HardNegativeLoss(0.5, 1.0, 0.1).forward(z.narrow(0, 0, 6), z.narrow(0, 6, 6));
        using var ntXent = new NtXentLoss(0.5).forward(z.narrow(0, 0, 6), z.narrow(0, 6, 6));
        Assert.Equal(expected.item<float>(), loss.item<float>(), 5);
        Assert.NotEqual(ntXent.item<float>(), loss.item<float>(), 3);
    }

    [Fact]
    public void ComputeLoss_Backward_GradientReachesBackboneAndHead()
    {
        var method = MethodTestData.Create(VisionMethodKind.SimClr);
        method.ComputeLoss(MethodTestData.Batch()).backward();
        Assert.All(method.Network.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void SaveModel_WritesTheBackboneOnly()
    {
        using var dir = new TempDir();
        MethodTestData.Create(VisionMethodKind.SimClr).SaveModel(dir.Path);
        var (encoder, manifest) = Contrastive.Vision.Models.VisionModelFolder.Load(dir.Path);
        Assert.Equal("simclr", manifest.Method);
        Assert.Equal(32, encoder.FeatureDim);
    }
}

using Contrastive.Vision.Encoders;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Encoders;

public class ResNet18Tests
{
    [Fact]
    public void StateDict_TorchvisionNames_NoFcNoMaxPool()
    {
        var model = new ResNet18(3, 8);
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Contains("conv1.weight", keys);
        Assert.Contains("bn1.running_mean", keys);
        Assert.Contains("layer1.0.conv1.weight", keys);
        Assert.Contains("layer1.1.bn2.weight", keys);
        Assert.Contains("layer2.0.downsample.0.weight", keys);
        Assert.Contains("layer4.1.conv2.weight", keys);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("fc.", StringComparison.Ordinal));
        Assert.Equal(new long[] { 8, 3, 3, 3 }, model.state_dict()["conv1.weight"].shape);   // CIFAR stem: 3x3
    }

    [Fact]
    public void Forward_Cifar32_FeatureWidthEightTimesBase()
    {
        using var g = new Generator(1);
        var model = new ImageEncoderConfig(ImageEncoderConfig.ResNet18Name, 3, 8).Create(g);
        model.eval();
        using var y = model.forward(rand([2, 3, 32, 32], generator: g));
        Assert.Equal(new long[] { 2, 64 }, y.shape);
        Assert.Equal(64, model.FeatureDim);
    }

    [Fact]
    public void MultiplyAdds_Width64Cifar_AboutHalfAGigaMac()
    {
        // The CIFAR ResNet-18 is commonly quoted at 0.56 G multiply-adds per 32x32 image.
        Assert.InRange(new ResNet18(3, 64).MultiplyAdds(32, 32), 0.54e9, 0.57e9);
    }
}

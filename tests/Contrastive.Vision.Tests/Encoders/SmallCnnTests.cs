using Contrastive.Vision.Encoders;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Encoders;

public class SmallCnnTests
{
    [Fact]
    public void Forward_FashionMnistShape_FourTimesWidthFeatures()
    {
        using var g = new Generator(1);
        var model = new ImageEncoderConfig(ImageEncoderConfig.SmallCnnName, 1, 8).Create(g);
        using var y = model.forward(rand([3, 1, 28, 28], generator: g));
        Assert.Equal(new long[] { 3, 32 }, y.shape);
    }

    [Fact]
    public void Create_SameSeed_SameWeights_OtherSeed_Different()
    {
        var config = new ImageEncoderConfig(ImageEncoderConfig.SmallCnnName, 1, 4);
        using var g1 = new Generator(5);
        using var g2 = new Generator(5);
        using var g3 = new Generator(6);
        var a = config.Create(g1).state_dict()["conv2.weight"];
        var b = config.Create(g2).state_dict()["conv2.weight"];
        var c = config.Create(g3).state_dict()["conv2.weight"];
        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
    }

    [Fact]
    public void MultiplyAdds_Width32At28_MatchesHandCount()
    {
        long expected = 1L * 32 * 9 * 28 * 28 + 32L * 64 * 9 * 14 * 14 + 64L * 64 * 9 * 14 * 14 + 64L * 128 * 9 * 7 * 7 + 128L * 128 * 9 * 7 * 7;
        Assert.Equal(expected, new SmallCnn(1, 32).MultiplyAdds(28, 28));
    }
}

using Contrastive.Core;
using Contrastive.Vision.Encoders;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Encoders;

public class ChannelViewTests
{
    static Tensor Pixel(double r, double g, double b) => tensor(new[] { (float)r, (float)g, (float)b }).reshape(1, 3, 1, 1);

    [Theory]
    [InlineData(1, 1, 1, 100, 0, 0)]                 // D65 white
    [InlineData(1, 0, 0, 53.24, 80.09, 67.20)]       // sRGB red (standard tables)
    [InlineData(0, 0, 1, 32.30, 79.19, -107.86)]     // sRGB blue
    [InlineData(0.5, 0.5, 0.5, 53.39, 0, 0)]         // mid grey
    public void LAndAB_KnownColours_MatchCieLab(double r, double g, double b, double l, double a, double bb)
    {
        using var scope = NewDisposeScope();
        var x = Pixel(r, g, b);
        Assert.Equal(l / 100, (double)ChannelView.L.Apply(x).item<float>(), 0.002);
        var ab = ChannelView.AB.Apply(x).flatten();
        Assert.Equal(new long[] { 1, 2, 1, 1 }, ChannelView.AB.Apply(x).shape);
        Assert.Equal(a / 128, (double)ab[0].item<float>(), 0.002);
        Assert.Equal(bb / 128, (double)ab[1].item<float>(), 0.002);
    }

    [Fact]
    public void Intensity_GreyImage_IsTheImage()
    {
        using var scope = NewDisposeScope();
        var x = rand(2, 1, 5, 5, generator: new Generator(3));
        Assert.True(ChannelView.Intensity.Apply(x).equal(x).all().item<bool>());
    }

    [Fact]
    public void SobelX_VerticalStepEdge_IsHalfAtTheEdgeAndZeroElsewhere()
    {
        using var scope = NewDisposeScope();
        var x = zeros(1, 1, 4, 4);
        x[.., .., .., 2..] = 1;                                   // columns 2, 3 bright
        var gx = ChannelView.SobelX.Apply(x)[0, 0];
        // Columns 1 and 2 straddle the edge: G_x = (1 + 2 + 1) · 1 = 4, / 4 = 1; far columns 0.
        Assert.Equal(1, gx[1, 1].item<float>(), 5);
        Assert.Equal(0, gx[1, 0].item<float>(), 5);
        Assert.Equal(0, ChannelView.SobelY.Apply(x)[0, 0].abs().sum().item<float>(), 5);
    }

    [Fact]
    public void Apply_ColourViewOnGreyImages_ThrowsContrastiveException() =>
        Assert.Throws<ContrastiveException>(() => ChannelView.AB.Apply(zeros(1, 1, 3, 3)));

    [Fact]
    public void ParseList_DefaultsAndNames()
    {
        Assert.Equal([ChannelView.L, ChannelView.AB], ChannelViews.Default(3));
        Assert.Equal([ChannelView.Intensity, ChannelView.Sobel], ChannelViews.Default(1));
        Assert.Equal([ChannelView.Intensity, ChannelView.SobelX, ChannelView.SobelY], ChannelViews.ParseList("intensity, sobel-x,sobel-y"));
        Assert.Throws<ContrastiveException>(() => ChannelViews.ParseList("intensity"));
        Assert.Throws<ContrastiveException>(() => ChannelViews.ParseList("intensity,depth"));
    }
}

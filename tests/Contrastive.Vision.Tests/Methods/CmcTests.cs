using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Methods;
using Contrastive.Vision.Models;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

public class CmcTests
{
    static Cmc Create(CmcGraph graph = CmcGraph.Core, IReadOnlyList<ChannelView>? views = null) =>
        (Cmc)MethodTestData.Create(VisionMethodKind.Cmc, MethodTestData.Options with { CmcGraph = graph, CmcViews = views });

    [Fact]
    public void Create_GreyImages_IntensityAndSobelEncodersWithOneViewPerImage()
    {
        var method = Create();
        var encoder = Assert.IsType<CmcEncoder>(method.Network.Backbone);
        Assert.Equal([ChannelView.Intensity, ChannelView.Sobel], encoder.ChannelViewList);
        Assert.Equal(1, method.ViewsPerImage);
        Assert.Equal(64, encoder.FeatureDim);                                    // two 32-d backbones concatenated
        Assert.Equal(2, method.Network.ViewHeads!.Count);
    }

    [Fact]
    public void ComputeLoss_EqualsCmcLossOfEachViewsProjection()
    {
        var method = Create();
        var batch = MethodTestData.Batch();
        using var loss = method.ComputeLoss(batch);
        var encoder = (CmcEncoder)method.Network.Backbone;
        var images = batch.Views[0];
        var z1 = method.Network.ViewHeads![0].forward(encoder.View(0).forward(images));
        var z2 = method.Network.ViewHeads[1].forward(encoder.View(1).forward(SobelOf(images)));
        using var info = new InfoNceLoss(0.07);
        double expected = info.forward(z1, z2).item<float>() + info.forward(z2, z1).item<float>();
        Assert.Equal(expected, loss.item<float>(), 4);
    }

    static Tensor SobelOf(Tensor images) => ChannelView.Sobel.Apply(images);

    [Fact]
    public void ComputeLoss_ThreeViews_FullGraphAddsThePairWithoutTheCoreView()
    {
        ChannelView[] views = [ChannelView.Intensity, ChannelView.SobelX, ChannelView.SobelY];
        var core = Create(CmcGraph.Core, views);
        var full = Create(CmcGraph.Full, views);                                 // same seed: same weights
        var batch = MethodTestData.Batch();
        var encoder = (CmcEncoder)full.Network.Backbone;
        var features = encoder.ForwardViews(batch.Views[0]);
        var z = features.Select((f, m) => full.Network.ViewHeads![m].forward(f)).ToArray();
        using var pair = new CmcLoss(0.07);
        double extra = pair.PairLoss(z[1], z[2]).item<float>();
        Assert.Equal(core.ComputeLoss(batch).item<float>() + extra, full.ComputeLoss(batch).item<float>(), 3);
    }

    [Fact]
    public void ComputeLoss_Backward_GradientReachesEveryViewEncoderAndHead()
    {
        var method = Create();
        method.ComputeLoss(MethodTestData.Batch()).backward();
        Assert.All(method.Network.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void SaveModel_LoadsTheConcatenatedEncoderWithTheSameFeatures()
    {
        using var dir = new TempDir();
        var method = Create();
        method.SaveModel(dir.Path);
        var (encoder, manifest) = VisionModelFolder.Load(dir.Path);
        Assert.Equal(["intensity", "sobel"], manifest.CmcViews!);
        method.Network.eval();
        using var x = MethodTestData.Batch().Views[0];
        using var expected = method.Network.Backbone.forward(x);
        using var actual = encoder.forward(x);
        Assert.Equal(new long[] { 6, 64 }, actual.shape);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Create_ColourViewOnGreyData_ThrowsContrastiveException() =>
        Assert.Throws<ContrastiveException>(() => Create(views: [ChannelView.L, ChannelView.AB]));
}

using Contrastive.Core;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Methods;
using Contrastive.Vision.Models;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

/// <summary>SimCLR v2's deeper projection head (3 layers) and the kept first layer (Chen et al. 2020b).</summary>
public class SimClrV2HeadTests
{
    static readonly VisionMethodOptions V2 = MethodTestData.Options with { HeadLayers = 3, KeptHeadLayers = 1 };

    [Theory]
    [InlineData(VisionMethodKind.SimClr)]
    [InlineData(VisionMethodKind.SupCon)]
    public void Create_HeadLayers3_BuildsTheThreeLayerHead(VisionMethodKind kind)
    {
        var method = MethodTestData.Create(kind, V2);
        var head = method.Network.ProjectionHead!;
        Assert.Equal([32, 16, 16, 8], head.Options.Widths);
        Assert.Equal(2, head.Options.HiddenLayers);
        using var z = method.Network.Project(MethodTestData.Batch().Views[0]);
        Assert.Equal(new long[] { 6, 8 }, z.shape);
    }

    [Fact]
    public void SaveModel_KeptFirstLayer_LoadsBackbonePlusFirstHeadLayer()
    {
        using var dir = new TempDir();
        var method = MethodTestData.Create(VisionMethodKind.SimClr, V2);
        method.ComputeLoss(MethodTestData.Batch()).Dispose();        // a train-mode pass moves the BatchNorm statistics
        method.SaveModel(dir.Path);
        var (encoder, manifest) = VisionModelFolder.Load(dir.Path);
        Assert.Equal(1, manifest.ProbeLayer);
        var kept = Assert.IsType<HeadLayerEncoder>(encoder);
        Assert.Equal(1, kept.Layers);
        Assert.Equal(16, encoder.FeatureDim);                          // the head's first hidden width, not 32 or 8

        method.Network.eval();
        using var x = MethodTestData.Batch().Views[0];
        using var expected = method.Network.ProjectionHead!.ForwardHidden(method.Network.Backbone.forward(x), 1);
        using var actual = encoder.forward(x);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Load_ProbeLayerOverride_SelectsTheLayer()
    {
        using var dir = new TempDir();
        MethodTestData.Create(VisionMethodKind.SimClr, V2).SaveModel(dir.Path);
        Assert.Equal(32, VisionModelFolder.Load(dir.Path, probeLayer: 0).Encoder.FeatureDim);
        Assert.Equal(16, VisionModelFolder.Load(dir.Path, probeLayer: 2).Encoder.FeatureDim);
        Assert.Throws<ContrastiveException>(() => VisionModelFolder.Load(dir.Path, probeLayer: 3));
    }

    [Fact]
    public void Validate_KeptLayersBeyondTheHead_Throws()
    {
        Assert.Throws<ContrastiveException>(() => (MethodTestData.Options with { HeadLayers = 2, KeptHeadLayers = 2 }).Validate());
        Assert.Throws<ContrastiveException>(() => (MethodTestData.Options with { HeadLayers = 4 }).Validate());
    }
}

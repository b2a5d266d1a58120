using Contrastive.Core.Heads;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Heads;

public class MlpHeadTests
{
    private static Tensor Random(long n, long d, long seed) =>
        randn(n, d, generator: new Generator((ulong)seed));

    public static TheoryData<string, MlpHeadOptions, int> Presets => new()
    {
        { "SimCLR", MlpHeadOptions.SimClrProjection(16, 32, 8), 8 },
        { "MoCoV2", MlpHeadOptions.MoCoV2Projection(16, 32, 8), 8 },
        { "BYOL-proj", MlpHeadOptions.ByolProjection(16, 64, 8), 8 },
        { "BYOL-pred", MlpHeadOptions.ByolPrediction(8, 64, 8), 8 },
        { "SimSiam-proj", MlpHeadOptions.SimSiamProjection(16, 32, 24), 24 },
        { "SimSiam-pred", MlpHeadOptions.SimSiamPrediction(24, 6, 24), 24 },
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void Forward_Preset_OutputHasBatchByOutputDim(string name, MlpHeadOptions options, int outputDim)
    {
        using var scope = NewDisposeScope();
        using var head = new MlpHead(options, name);
        var y = head.forward(Random(5, options.InputDim, 51));
        Assert.Equal(new long[] { 5, outputDim }, y.shape);
        Assert.True(y.isfinite().all().item<bool>());
    }

    [Fact]
    public void Presets_PaperDefaults_HaveThePapersWidths()
    {
        Assert.Equal([2048, 2048, 128], MlpHeadOptions.SimClrProjection().Widths);
        Assert.Equal([2048, 2048, 128], MlpHeadOptions.MoCoV2Projection().Widths);
        Assert.False(MlpHeadOptions.MoCoV2Projection().HiddenBatchNorm);
        Assert.Equal([2048, 4096, 256], MlpHeadOptions.ByolProjection().Widths);
        Assert.Equal([256, 4096, 256], MlpHeadOptions.ByolPrediction().Widths);
        Assert.Equal([2048, 2048, 2048, 2048], MlpHeadOptions.SimSiamProjection().Widths);
        Assert.True(MlpHeadOptions.SimSiamProjection().OutputBatchNorm);
        Assert.Equal([2048, 512, 2048], MlpHeadOptions.SimSiamPrediction().Widths);
    }

    [Fact]
    public void StateDict_SimClr_HasSequentialKeyNames()
    {
        using var head = new MlpHead(MlpHeadOptions.SimClrProjection(16, 32, 8));
        string[] expected =
        [
            "layers.0.weight",
            "layers.1.weight", "layers.1.bias", "layers.1.running_mean", "layers.1.running_var", "layers.1.num_batches_tracked",
            "layers.3.weight", "layers.3.bias",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), head.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StateDict_SimSiamProjection_HasSequentialKeyNamesAndNonAffineOutputBatchNorm()
    {
        using var head = new MlpHead(MlpHeadOptions.SimSiamProjection(16, 32, 24));
        var keys = head.state_dict().Keys.ToHashSet();
        Assert.Contains("layers.0.weight", keys);
        Assert.Contains("layers.4.running_var", keys);
        Assert.Contains("layers.6.weight", keys);
        Assert.Contains("layers.7.running_mean", keys);
        Assert.DoesNotContain("layers.6.bias", keys);    // output Linear: no bias before its BN
        Assert.DoesNotContain("layers.7.weight", keys);  // output BN: affine=False
        Assert.Equal(new long[] { 24, 32 }, head.state_dict()["layers.6.weight"].shape);
    }

    [Fact]
    public void Forward_MoCoV2_EqualsLinearReluLinear()
    {
        using var scope = NewDisposeScope();
        using var head = new MlpHead(MlpHeadOptions.MoCoV2Projection(6, 10, 4));
        var sd = head.state_dict();
        var x = Random(3, 6, 52);
        var expected = nn.functional.relu(x.matmul(sd["layers.0.weight"].t()) + sd["layers.0.bias"])
            .matmul(sd["layers.2.weight"].t()) + sd["layers.2.bias"];
        Assert.True(head.forward(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Forward_SimSiamProjectionTraining_OutputColumnsAreStandardised()
    {
        using var scope = NewDisposeScope();
        using var head = new MlpHead(MlpHeadOptions.SimSiamProjection(8, 16, 12));
        head.train();
        var y = head.forward(Random(32, 8, 53));
        Assert.True(y.mean([0]).abs().max().item<float>() < 1e-4);
        Assert.True((y.var(0, unbiased: false) - 1).abs().max().item<float>() < 1e-2);
    }

    [Fact]
    public void Forward_WrongInputWidth_ThrowsNamingShape()
    {
        using var scope = NewDisposeScope();
        using var head = new MlpHead(MlpHeadOptions.MoCoV2Projection(6, 10, 4));
        var ex = Assert.Throws<ArgumentException>(() => head.forward(zeros(3, 7)));
        Assert.Contains("[3, 7]", ex.Message);
    }

    [Fact]
    public void Options_SameValues_AreEqual()
    {
        Assert.Equal(MlpHeadOptions.ByolProjection(), MlpHeadOptions.ByolProjection());
        Assert.Equal(MlpHeadOptions.ByolProjection().GetHashCode(), MlpHeadOptions.ByolProjection().GetHashCode());
        Assert.Equal(MlpHeadOptions.ByolProjection(), MlpHeadOptions.ByolPrediction(2048));  // "the same architecture"
        Assert.NotEqual(MlpHeadOptions.ByolProjection(), MlpHeadOptions.ByolPrediction());
        Assert.NotEqual(MlpHeadOptions.SimClrProjection(), MlpHeadOptions.MoCoV2Projection());
    }

    [Fact]
    public void Options_TooFewOrNonPositiveWidths_Throw()
    {
        Assert.Throws<ContrastiveException>(() => new MlpHeadOptions([8]).Validate());
        Assert.Throws<ContrastiveException>(() => new MlpHeadOptions([8, 0, 4]).Validate());
    }
    [Fact]
    public void SimClrV2Projection_PaperDefaults_AreThreeLayersWithBatchNormEverywhere()
    {
        var o = MlpHeadOptions.SimClrV2Projection();
        Assert.Equal([2048, 2048, 2048, 128], o.Widths);
        Assert.Equal(2, o.HiddenLayers);
        Assert.True(o.HiddenBatchNorm && o.OutputBatchNorm && !o.HiddenBias && !o.OutputBias);
        using var head = new MlpHead(MlpHeadOptions.SimClrV2Projection(16, 32, 8));
        var sd = head.state_dict();
        Assert.Equal(new long[] { 32, 16 }, sd["layers.0.weight"].shape);
        Assert.Equal(new long[] { 32, 32 }, sd["layers.3.weight"].shape);
        Assert.Equal(new long[] { 8, 32 }, sd["layers.6.weight"].shape);
        Assert.Contains("layers.7.running_mean", sd.Keys);
    }

    [Fact]
    public void ForwardHidden_SimClrV2_KeepsTheFirstLayerAsLinearBatchNormRelu()
    {
        using var scope = NewDisposeScope();
        using var head = new MlpHead(MlpHeadOptions.SimClrV2Projection(6, 10, 4));
        head.eval();                                                   // BatchNorm with its running statistics
        var sd = head.state_dict();
        var x = Random(5, 6, 54);
        var bn = (x.matmul(sd["layers.0.weight"].t()) - sd["layers.1.running_mean"]) / (sd["layers.1.running_var"] + 1e-5).sqrt()
                 * sd["layers.1.weight"] + sd["layers.1.bias"];
        var first = head.ForwardHidden(x, 1);
        Assert.Equal(new long[] { 5, 10 }, first.shape);
        Assert.True(first.allclose(nn.functional.relu(bn), rtol: 1e-5, atol: 1e-6));
        Assert.Equal(new long[] { 5, 10 }, head.ForwardHidden(x, 2).shape);
        Assert.True(head.ForwardHidden(x, 0).equal(x).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => head.ForwardHidden(x, 3));
    }
}

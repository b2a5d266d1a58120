using Contrastive.Core;
using Contrastive.Vision.Data;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Data;

public class LabelledFractionTests
{
    static Tensor Labels() => tensor(Enumerable.Range(0, 300).Select(i => (long)(i < 200 ? i % 2 : 2)).ToArray());   // 100, 100, 100

    [Fact]
    public void Indices_TenPercent_TenPerClassAscendingNoRepeats()
    {
        using var labels = Labels();
        var idx = LabelledFraction.Indices(labels, 0.1, seed: 7);
        Assert.Equal(30, idx.Length);
        Assert.Equal(idx.Order(), idx);
        Assert.Equal(30, idx.Distinct().Count());
        var y = labels.data<long>().ToArray();
        Assert.All(new long[] { 0, 1, 2 }, c => Assert.Equal(10, idx.Count(i => y[i] == c)));
    }

    [Fact]
    public void Indices_SameSeed_SameSubset_OtherSeed_Different()
    {
        using var labels = Labels();
        Assert.Equal(LabelledFraction.Indices(labels, 0.1, 7), LabelledFraction.Indices(labels, 0.1, 7));
        Assert.NotEqual(LabelledFraction.Indices(labels, 0.1, 7), LabelledFraction.Indices(labels, 0.1, 8));
    }

    [Fact]
    public void Indices_TinyFraction_AtLeastOnePerClass_WholeFraction_All()
    {
        using var labels = Labels();
        Assert.Equal(3, LabelledFraction.Indices(labels, 0.001, 1).Length);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), LabelledFraction.Indices(labels, 1.0, 1));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Indices_BadFraction_Throws(double fraction)
    {
        using var labels = Labels();
        Assert.Throws<ContrastiveException>(() => LabelledFraction.Indices(labels, fraction, 1));
    }

    [Fact]
    public void Sample_KeepsImagesWithTheirLabels()
    {
        using var labels = Labels();
        using var data = new ImageDataset(labels.to_type(ScalarType.Float32).view(300, 1, 1, 1) / 2, labels.clone(), ["a", "b", "c"], "test");
        using var sample = LabelledFraction.Sample(data, 0.2, 3);
        Assert.Equal(60, sample.Count);
        Assert.True(sample.Images.flatten().mul(2).to_type(ScalarType.Int64).eq(sample.Labels!).all().item<bool>());
    }
}

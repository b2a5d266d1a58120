using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Pooling;

public class SentencePoolerTests
{
    // B = 2, T = 3, H = 2, three layers. Masked positions hold large values that would show if they leaked in.
    static Tensor T3(float[] values) => tensor(values, new long[] { 2, 3, 2 });
    static readonly float[] Embeddings = [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100];
    static readonly float[] Layer1 = [1, 2, 3, 4, 500, 600, 7, 8, 900, 1000, 1100, 1200];
    static readonly float[] Layer2 = [2, 2, 4, 4, 600, 600, 8, 8, 1000, 1000, 1200, 1200];
    static readonly float[] Layer3 = [10, 20, 30, 40, 5000, 6000, 70, 80, 9000, 10000, 11000, 12000];

    static BertModelOutput Output(bool hiddenStates = true, bool pooler = true) => new(
        T3(Layer3),
        pooler ? tensor(new[] { 0.1f, 0.2f, 0.3f, 0.4f }, new long[] { 2, 2 }) : null,
        hiddenStates ? [T3(Embeddings), T3(Layer1), T3(Layer2), T3(Layer3)] : null);

    static Tensor Mask => tensor(new long[] { 1, 1, 0, 1, 0, 0 }, new long[] { 2, 3 });

    [Theory]
    [InlineData(PoolerType.Cls, new[] { 0.1f, 0.2f, 0.3f, 0.4f })]                 // the pooler output itself
    [InlineData(PoolerType.ClsBeforePooler, new[] { 10f, 20f, 70f, 80f })]          // last[:, 0]
    [InlineData(PoolerType.Avg, new[] { 20f, 30f, 70f, 80f })]                      // ((10,20)+(30,40))/2; (70,80)
    [InlineData(PoolerType.AvgFirstLast, new[] { 11f, 16.5f, 38.5f, 44f })]        // layer 1 (not embeddings) + layer 3
    [InlineData(PoolerType.AvgTop2, new[] { 11.5f, 16.5f, 39f, 44f })]             // layers 2 + 3
    public void Pool_HandComputed_ExcludesPadding(PoolerType type, float[] expected)
    {
        using var scope = NewDisposeScope();
        var pooled = new SentencePooler(type).Pool(Output(), Mask);
        Assert.Equal([2L, 2], pooled.shape);
        Assert.Equal(expected, pooled.reshape(-1).data<float>().ToArray());
    }

    [Theory]
    [InlineData(PoolerType.Cls, false)]
    [InlineData(PoolerType.ClsBeforePooler, false)]
    [InlineData(PoolerType.Avg, false)]
    [InlineData(PoolerType.AvgTop2, true)]
    [InlineData(PoolerType.AvgFirstLast, true)]
    public void NeedsHiddenStates_OnlyForIntermediateLayers(PoolerType type, bool needs)
    {
        Assert.Equal(needs, new SentencePooler(type).NeedsHiddenStates);
    }

    [Fact]
    public void Pool_AvgTop2WithoutHiddenStates_ThrowsSayingWhatToPass()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => new SentencePooler(PoolerType.AvgTop2).Pool(Output(hiddenStates: false), Mask));
        Assert.Contains("outputHiddenStates: true", e.Message);
    }

    [Fact]
    public void Pool_ClsWithoutPooler_Throws()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ContrastiveException>(() => new SentencePooler(PoolerType.Cls).Pool(Output(pooler: false), Mask));
    }

    [Fact]
    public void MaskedMean_AllPaddingRow_IsZeroNotNaN()
    {
        using var scope = NewDisposeScope();
        var mean = SentencePooler.MaskedMean(T3(Layer1), tensor(new long[] { 0, 0, 0, 1, 1, 1 }, new long[] { 2, 3 }));
        Assert.Equal([0f, 0f, (7 + 900 + 1100) / 3f, (8 + 1000 + 1200) / 3f], mean.reshape(-1).data<float>().ToArray());
    }

    [Fact]
    public void Pool_RealModel_AvgMatchesMeanOfRealTokens()
    {
        using var scope = NewDisposeScope();
        using var model = TinyBert.Ids.Model(eval: true);
        var ids = TestTensors.Ids([2, 15, 27, 3], [2, 9, 3, 0]);
        var mask = TestTensors.Mask([1, 1, 1, 1], [1, 1, 1, 0]);
        var output = model.Forward(ids, mask, outputHiddenStates: true);
        var avg = new SentencePooler(PoolerType.Avg).Pool(output, mask);
        Assert.True(avg[1].allclose(output.LastHiddenState[1, ..3].mean([0]), rtol: 1e-5, atol: 1e-6));
        var firstLast = new SentencePooler(PoolerType.AvgFirstLast).Pool(output, mask);
        var expected = ((output.HiddenStates![1] + output.HiddenStates[2]) / 2)[1, ..3].mean([0]);
        Assert.True(firstLast[1].allclose(expected, rtol: 1e-5, atol: 1e-6));
    }
}

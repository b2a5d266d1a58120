using Contrastive.Sequences.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Tests.Model;

public class SasRecTests
{
    static SasRec Tiny(int seed = 1) =>
        new(new SasRecConfig { NumItems = 30, MaxSeqLength = 8, HiddenSize = 16, NumLayers = 2, NumHeads = 2, InnerSize = 32 },
            new Generator((ulong)seed));

    [Fact]
    public void Forward_ChangingALaterItem_LeavesEarlierOutputsUnchanged()
    {
        using var scope = NewDisposeScope();
        var model = Tiny();
        model.eval();
        var a = tensor(new long[] { 3, 7, 1, 9, 12, 4 }).unsqueeze(0);
        var b = tensor(new long[] { 3, 7, 1, 25, 2, 4 }).unsqueeze(0);   // positions 3 and 4 differ
        var ya = model.forward(a);
        var yb = model.forward(b);
        Assert.True(ya[.., ..3].allclose(yb[.., ..3], rtol: 0, atol: 1e-6), "positions before the change moved");
        Assert.False(ya[.., 3..].allclose(yb[.., 3..], rtol: 1e-3, atol: 1e-4), "later positions should change");
    }

    [Fact]
    public void Represent_IsTheOutputAtTheLastRealItem_WhateverThePadding()
    {
        using var scope = NewDisposeScope();
        var model = Tiny();
        model.eval();
        var alone = model.Represent(tensor(new long[] { 5, 6, 7 }).unsqueeze(0), tensor(new long[] { 3 }));
        var (items, lengths) = PaddedSequences.Create([[5, 6, 7], [1, 2, 3, 4, 5, 6]], 8);
        var batched = model.Represent(items, lengths);
        Assert.Equal([2, 16], batched.shape);
        Assert.True(alone[0].allclose(batched[0], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Constructor_SameSeed_SameWeights_StateDictHasRecBoleNames()
    {
        var a = Tiny(3).state_dict();
        var b = Tiny(3).state_dict();
        var c = Tiny(4).state_dict();
        Assert.Contains("item_embedding.weight", a.Keys);
        Assert.Contains("position_embedding.weight", a.Keys);
        Assert.Contains("trm_encoder.layer.1.multi_head_attention.query.weight", a.Keys);
        Assert.Contains("trm_encoder.layer.0.feed_forward.dense_2.bias", a.Keys);
        Assert.Contains("LayerNorm.weight", a.Keys);
        Assert.Equal([32, 16], a["item_embedding.weight"].shape);                 // padding + 30 items + mask token
        Assert.True(a.Keys.All(k => a[k].equal(b[k]).all().item<bool>()));
        Assert.False(a["item_embedding.weight"].equal(c["item_embedding.weight"]).all().item<bool>());
    }

    [Fact]
    public void Scores_CoverItemsOneToN()
    {
        using var scope = NewDisposeScope();
        var model = Tiny();
        var h = randn(4, 16);
        var scores = model.Scores(h);
        Assert.Equal([4, 30], scores.shape);
        var expected = matmul(h, model.item_embedding.weight![5].unsqueeze(1)).squeeze(1);   // item 5 is column 4
        Assert.True(scores[.., 4].allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Forward_LongerThanMaxLength_Throws()
    {
        var model = Tiny();
        Assert.Throws<ArgumentException>(() => model.forward(ones(1, 9, dtype: ScalarType.Int64)));
    }
}

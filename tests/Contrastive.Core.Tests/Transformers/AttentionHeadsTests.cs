using Contrastive.Core.Transformers;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Transformers;

public sealed class AttentionHeadsTests
{
    /// <summary>Slow reference: per batch row and head, softmax(q kᵀ / √hd + M) v with explicit loops and masks.</summary>
    static Tensor Reference(Tensor q, Tensor k, Tensor v, long heads, Tensor? mask, bool causal)
    {
        long B = q.shape[0], T = q.shape[1], H = q.shape[2], hd = H / heads;
        var outputs = new List<Tensor>();
        for (long b = 0; b < B; b++)
        {
            var rows = new List<Tensor>();
            for (long h = 0; h < heads; h++)
            {
                var qh = q[b].narrow(1, h * hd, hd);                                         // (T, hd)
                var kh = k[b].narrow(1, h * hd, hd);
                var vh = v[b].narrow(1, h * hd, hd);
                var scores = qh.mm(kh.t()) / Math.Sqrt(hd);                                  // (T, T)
                if (mask is not null) scores = scores + mask[b, 0];                          // (1, T) broadcast
                if (causal) scores = scores.masked_fill(ones(T, T, dtype: ScalarType.Bool).triu(1), double.NegativeInfinity);
                rows.Add(scores.softmax(-1).mm(vh));                                         // (T, hd)
            }
            outputs.Add(cat(rows, 1));                                                      // (T, H)
        }
        return stack(outputs);                                                              // (B, T, H)
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Attend_RandomInputs_MatchesThePerHeadReference(bool padded, bool causal)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var q = randn(2, 5, 12, dtype: ScalarType.Float64, generator: g);
        var k = randn(2, 5, 12, dtype: ScalarType.Float64, generator: g);
        var v = randn(2, 5, 12, dtype: ScalarType.Float64, generator: g);
        Tensor? mask = null;
        if (padded)
        {
            // Row 1 has 3 real tokens: the additive mask is 0 there and the dtype's minimum on the padding.
            mask = zeros(2, 1, 1, 5, dtype: ScalarType.Float64);
            mask[1].narrow(2, 3, 2).fill_(double.MinValue);
        }

        var actual = AttentionHeads.Attend(q, k, v, 3, mask, 0.0, causal);

        Assert.Equal([2L, 5, 12], actual.shape);
        Assert.True(actual.allclose(Reference(q, k, v, 3, mask, causal), 1e-9, 1e-12));
    }

    [Fact]
    public void SplitMerge_RoundTrip_GivesTheInputBack()
    {
        using var scope = NewDisposeScope();
        var x = arange(2 * 3 * 8, dtype: ScalarType.Float32).view(2, 3, 8);
        var split = AttentionHeads.Split(x, 4);
        Assert.Equal([2L, 4, 3, 2], split.shape);
        Assert.Equal(x[1, 2, 5].item<float>(), split[1, 2, 2, 1].item<float>());   // head 2 holds features 4..5
        Assert.True(AttentionHeads.Merge(split).allclose(x, 0, 0));
    }
}

using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class SoftmaxPairLossTests
{
    [Fact]
    public void Forward_MatchesCrossEntropyOfLinearOnUVAbsDiff()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(5);
        var u = randn(4, 3, generator: g);
        var v = randn(4, 3, generator: g);
        var labels = tensor(new long[] { 0, 2, 1, 2 });
        using var loss = new SoftmaxPairLoss(3, 3, new Generator(7));
        var p = loss.parameters().ToArray();
        var (w, b) = p[0].dim() == 2 ? (p[0], p[1]) : (p[1], p[0]);       // (K, 3D), (K)
        double expected = 0;
        for (int i = 0; i < 4; i++)
        {
            var feats = new double[9];
            for (int d = 0; d < 3; d++)
            {
                double ui = u[i, d].item<float>(), vi = v[i, d].item<float>();
                feats[d] = ui; feats[3 + d] = vi; feats[6 + d] = Math.Abs(ui - vi);
            }
            var logits = Enumerable.Range(0, 3).Select(k => b[k].item<float>() + Enumerable.Range(0, 9).Sum(j => w[k, j].item<float>() * feats[j])).ToArray();
            double max = logits.Max();
            double logZ = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
            expected += logZ - logits[labels[i].item<long>()];
        }
        Assert.Equal(expected / 4, loss.forward(u, v, labels).item<float>(), 1e-5);
    }

    [Fact]
    public void Forward_SwappedPairs_DifferBecauseTheFeatureIsOrdered()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(6);
        var u = randn(5, 4, generator: g);
        var v = randn(5, 4, generator: g);
        using var loss = new SoftmaxPairLoss(4, 2, new Generator(8));
        Assert.Equal(new long[] { 5, 2 }, loss.Logits(u, v).shape);
        Assert.NotEqual(loss.Logits(u, v).sum().item<float>(), loss.Logits(v, u).sum().item<float>());
    }

    [Fact]
    public void Constructor_OneLabel_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new SoftmaxPairLoss(4, 1));
}

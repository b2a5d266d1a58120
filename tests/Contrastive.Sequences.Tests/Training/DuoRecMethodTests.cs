using Contrastive.Sequences.Data;
using Contrastive.Sequences.Model;
using Contrastive.Sequences.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Tests.Training;

[Collection(GlobalRngCollection.Name)]
public class DuoRecMethodTests
{
    static readonly int[][] Sequences = [[1, 2, 3, 4], [5, 3, 4], [2, 6, 4], [7, 8], [6, 8], [1, 5, 9, 2]];

    static (SasRec Model, ItemVocabulary Items) Model(double dropout)
    {
        var model = new SasRec(new SasRecConfig { NumItems = 9, MaxSeqLength = 6, HiddenSize = 8, NumHeads = 2, InnerSize = 16,
                                                  HiddenDropout = dropout, AttentionDropout = dropout }, new Generator(6));
        return (model, new ItemVocabulary(Enumerable.Range(1, 9).Select(i => $"i{i}")));
    }

    /// <summary>DuoRec's <c>info_nce</c> as its code computes it, in doubles: logits [positive, the 2B - 2 others
    /// (self and positive masked)] with target 0, averaged over the 2B rows.</summary>
    static double InfoNceLoop(double[][] zi, double[][] zj, double tau)
    {
        int b = zi.Length, n = 2 * b;
        var z = zi.Concat(zj).ToArray();
        double Dot(double[] x, double[] y) => x.Zip(y, (p, q) => p * q).Sum();
        double total = 0;
        for (int k = 0; k < n; k++)
        {
            int positive = (k + b) % n;
            var logits = new List<double> { Dot(z[k], z[positive]) / tau };
            for (int m = 0; m < n; m++)
                if (m != k && m != positive) logits.Add(Dot(z[k], z[m]) / tau);
            double max = logits.Max();
            total += -(logits[0] - max - Math.Log(logits.Sum(l => Math.Exp(l - max))));
        }
        return total / n;
    }

    static double[][] Rows(Tensor t) =>
        Enumerable.Range(0, (int)t.shape[0]).Select(i => t[i].to(ScalarType.Float64).data<double>().ToArray()).ToArray();

    [Theory]
    [InlineData(DuoRecContrast.UsX)]
    [InlineData(DuoRecContrast.Us)]
    [InlineData(DuoRecContrast.Un)]
    [InlineData(DuoRecContrast.Su)]
    public void ComputeLoss_NoDropout_EqualsNextItemLossPlusWeightedLoopInfoNce(DuoRecContrast contrast)
    {
        using var scope = NewDisposeScope();
        var (model, items) = Model(dropout: 0);
        var options = new DuoRecOptions { Contrast = contrast, Lambda = 0.3, LambdaSupervised = 0.2, Temperature = 2 };
        var method = new DuoRecMethod(model, items, options);
        var source = new SequenceBatchSource(Sequences, 6, supervisedPositives: true);
        torch.manual_seed(3);
        var batch = source.GetBatch([0, 1, 2, 3, 4, 5]);
        double loss = method.ComputeLoss(batch).item<float>();

        // Without dropout, h = h' (both passes equal): un contrasts h with itself.
        double next = NextItemLoss.Compute(model, batch.Input, batch.Targets).item<float>();
        var h = Rows(model.Represent(batch.Input, batch.InputLengths!));
        var hs = Rows(model.Represent(batch.View1!, batch.View1Lengths!));
        double expected = contrast switch
        {
            DuoRecContrast.UsX or DuoRecContrast.Su => next + 0.2 * InfoNceLoop(h, hs, 2),
            DuoRecContrast.Un => next + 0.3 * InfoNceLoop(h, h, 2),
            _ => next + 0.3 * InfoNceLoop(h, h, 2) + 0.2 * InfoNceLoop(h, hs, 2),
        };
        Assert.Equal(expected, loss, 1e-4);
    }

    [Fact]
    public void ComputeLoss_IdenticalOrthogonalRepresentations_AnalyticContrastiveTerm()
    {
        // Two rows whose positives equal them and are orthogonal with squared norm a^2: each of the 4 rows has logits
        // [a^2/tau, 0, 0] -> info_nce = log(1 + 2 e^{-a^2/tau}).
        double a2 = 3, tau = 1;
        var z = new[] { new[] { Math.Sqrt(a2), 0 }, new[] { 0, Math.Sqrt(a2) } };
        Assert.Equal(Math.Log(1 + 2 * Math.Exp(-a2 / tau)), InfoNceLoop(z, z, tau), 12);
        using var scope = NewDisposeScope();
        var t = tensor(z.SelectMany(r => r).ToArray(), [2, 2]);
        using var loss = new Contrastive.Core.Losses.NtXentLoss(tau, Contrastive.Core.Similarity.PairSimilarity.DotProduct);
        Assert.Equal(Math.Log(1 + 2 * Math.Exp(-a2 / tau)), loss.forward(t, t.clone()).item<double>(), 10);
    }

    [Fact]
    public void Represent_TrainMode_TwoPassesDifferOnlyByDropout()
    {
        using var scope = NewDisposeScope();
        var (model, _) = Model(dropout: 0.5);
        var source = new SequenceBatchSource(Sequences, 6);
        var batch = source.GetBatch([0, 1, 2]);
        model.train();
        torch.manual_seed(1);
        var first = model.Represent(batch.Input, batch.InputLengths!);
        var second = model.Represent(batch.Input, batch.InputLengths!);
        Assert.False(first.allclose(second), "two training passes should see different dropout masks");
        model.eval();
        Assert.True(model.Represent(batch.Input, batch.InputLengths!).allclose(model.Represent(batch.Input, batch.InputLengths!)));
    }

    [Fact]
    public void ComputeLoss_BatchWithoutPositives_Throws()
    {
        using var scope = NewDisposeScope();
        var (model, items) = Model(dropout: 0);
        var batch = new SequenceBatchSource(Sequences, 6).GetBatch([0, 1]);
        Assert.Throws<ArgumentException>(() => new DuoRecMethod(model, items, new DuoRecOptions()).ComputeLoss(batch));
    }
}

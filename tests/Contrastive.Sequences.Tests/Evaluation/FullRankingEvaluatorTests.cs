using Contrastive.Sequences.Evaluation;
using Contrastive.Sequences.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Tests.Evaluation;

public class FullRankingEvaluatorTests
{
    [Fact]
    public void Ranks_EqualTheCountOfItemsScoringHigher_BatchSizeDoesNotMatter()
    {
        var model = new SasRec(new SasRecConfig { NumItems = 40, MaxSeqLength = 6, HiddenSize = 8, NumHeads = 2, InnerSize = 16 }, new Generator(2));
        var rng = new Random(1);
        var cases = Enumerable.Range(0, 7).Select(u => new RankingCase(u, Enumerable.Range(0, 1 + u).Select(_ => rng.Next(1, 41)).ToArray(), rng.Next(1, 41))).ToArray();
        var ranks = FullRankingEvaluator.Ranks(model, cases, batchSize: 3);
        Assert.Equal(ranks, FullRankingEvaluator.Ranks(model, cases, batchSize: 100));
        Assert.True(model.training);                                    // mode restored

        model.eval();
        using var noGrad = no_grad();
        for (int i = 0; i < cases.Length; i++)
        {
            var history = cases[i].History.TakeLast(6).Select(x => (long)x).ToArray();
            var h = model.Represent(tensor(history).unsqueeze(0), tensor(new long[] { history.Length }));
            var scores = model.Scores(h).squeeze(0).data<float>().ToArray();
            int expected = scores.Count(s => s > scores[cases[i].Target - 1]);
            Assert.Equal(expected, ranks[i]);
        }
    }
}

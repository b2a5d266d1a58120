using Contrastive.Sequences.Model;
using Contrastive.Sequences.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Tests.Training;

public class NextItemLossTests
{
    [Fact]
    public void Compute_EqualsFullSoftmaxCrossEntropyOverTheRealPositions()
    {
        using var scope = NewDisposeScope();
        var model = new SasRec(new SasRecConfig { NumItems = 20, MaxSeqLength = 400, HiddenSize = 8, NumHeads = 2, InnerSize = 16 }, new Generator(4));
        model.eval();
        // 300 real positions: more than one chunk of 256.
        var rng = new Random(2);
        var seqA = Enumerable.Range(0, 301).Select(_ => rng.Next(1, 21)).ToArray();
        var seqB = new[] { 3, 4, 5 };
        var source = new SequenceBatchSource([seqA, seqB], 400);
        var batch = source.GetBatch([0, 1]);
        var loss = NextItemLoss.Compute(model, batch.Input, batch.Targets).item<float>();

        var hidden = model.forward(batch.Input);                           // (2, T, H)
        double sum = 0;
        int count = 0;
        foreach (var (row, seq) in new[] { (0, seqA), (1, seqB) })
            for (int t = 0; t < seq.Length - 1; t++)
            {
                var logp = nn.functional.log_softmax(model.Scores(hidden[row, t]), 0);
                sum -= logp[seq[t + 1] - 1].item<float>();
                count++;
            }
        Assert.Equal(sum / count, loss, 4);
    }
}

using Contrastive.Core.Evaluation;
using Contrastive.Sequences.Model;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Evaluation;

/// <summary>
/// Full-ranking next-item evaluation (no sampled negatives; Krichene and Rendle, KDD 2020): for each case the model
/// scores all N items from the history's representation, and the target's rank is the number of items scoring
/// strictly higher. Items already in the history are NOT removed, as in RecBole's sequential full-sort evaluation
/// (whose history index is None for sequential data) and the FEARec/DuoRec/CL4SRec tables built on it; padding and
/// the mask token are never candidates. Batched: one (B, N) score matrix per batch.
/// </summary>
public static class FullRankingEvaluator
{
    /// <summary>The 0-based rank of each case's target among the N items.</summary>
    /// <param name="model">Put in eval mode for the call (restored after), under no_grad.</param>
    public static int[] Ranks(SasRec model, IReadOnlyList<RankingCase> cases, int batchSize = 512)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var ranks = new int[cases.Count];
            for (int start = 0; start < cases.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var batch = cases.Skip(start).Take(batchSize).ToArray();
                var (items, lengths) = PaddedSequences.Create(batch.Select(c => (IReadOnlyList<int>)c.History).ToArray(), model.Config.MaxSeqLength);
                var scores = model.Scores(model.Represent(items, lengths));                       // (B, N)
                var targets = tensor(batch.Select(c => (long)c.Target - 1).ToArray()).unsqueeze(1);  // (B, 1)
                var targetScores = scores.gather(1, targets);                                      // (B, 1)
                var rank = (scores > targetScores).sum(1, type: ScalarType.Int64);                // (B)
                var values = rank.data<long>().ToArray();
                for (int i = 0; i < values.Length; i++) ranks[start + i] = (int)values[i];
            }
            return ranks;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>HR@k and NDCG@k (RecBole's <c>hit@k</c>, <c>ndcg@k</c>) for <paramref name="cutoffs"/> (default 5, 10, 20).</summary>
    public static IReadOnlyDictionary<string, double> Evaluate(SasRec model, IReadOnlyList<RankingCase> cases,
                                                               IReadOnlyList<int>? cutoffs = null, int batchSize = 512) =>
        RankingMetrics.Compute(Ranks(model, cases, batchSize), cutoffs);
}

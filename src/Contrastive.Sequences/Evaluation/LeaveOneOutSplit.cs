using Contrastive.Sequences.Data;

namespace Contrastive.Sequences.Evaluation;

/// <summary>
/// Leave-one-out by time (SASRec, RecBole's <c>LS: valid_and_test</c>): for each user with at least 3 interactions
/// the last item is the test target (history: everything before it), the second-to-last the validation target
/// (history: everything before it), and the rest is the training sequence. Users with 1 or 2 interactions have no
/// evaluation case; their whole sequence is used for training.
/// </summary>
public sealed class LeaveOneOutSplit
{
    /// <summary>Training sequences, one per user (possibly of length 1, which gives no training target).</summary>
    public IReadOnlyList<int[]> Train { get; }

    /// <summary>The second-to-last items.</summary>
    public IReadOnlyList<RankingCase> Validation { get; }

    /// <summary>The last items.</summary>
    public IReadOnlyList<RankingCase> Test { get; }

    public LeaveOneOutSplit(IReadOnlyList<int[]> sequences)
    {
        var train = new List<int[]>(sequences.Count);
        var validation = new List<RankingCase>();
        var test = new List<RankingCase>();
        for (int u = 0; u < sequences.Count; u++)
        {
            var s = sequences[u];
            if (s.Length < 3)
            {
                train.Add(s);
                continue;
            }
            train.Add(s[..^2]);
            validation.Add(new RankingCase(u, s[..^2], s[^2]));
            test.Add(new RankingCase(u, s[..^1], s[^1]));
        }
        (Train, Validation, Test) = (train, validation, test);
    }

    public LeaveOneOutSplit(SequenceDataset data) : this(data.Sequences) { }
}

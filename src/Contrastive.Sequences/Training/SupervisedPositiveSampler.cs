namespace Contrastive.Sequences.Training;

/// <summary>
/// DuoRec's supervised positives (Qiu et al., "Contrastive Learning for Representation Degeneration Problem in
/// Sequential Recommendation", WSDM 2022, section 4.2; RecBole-based code <c>semantic_augmentation</c>): for a training
/// example whose next item is x, another training history whose next item is also x, drawn uniformly.
/// <para>The pool is every prefix of every training sequence as RecBole's examples: history
/// <c>s[max(0, p - maxLength)..p]</c> with next item <c>s[p]</c>, p ≥ 1. The query is the whole input of sequence u
/// (next item <c>u[^1]</c>, position <c>p = |u| - 1</c>), which is excluded from its own pool; when no other history
/// has the same next item the query's own history is returned, as DuoRec's code does (<c>sample_pos = -1</c>
/// falls back to the sequence itself).</para>
/// </summary>
public sealed class SupervisedPositiveSampler
{
    readonly IReadOnlyList<int[]> _sequences;
    readonly int _maxLength;
    readonly Dictionary<int, List<(int Sequence, int Position)>> _byNextItem = [];

    /// <param name="sequences">Training sequences, each of at least 2 items (the queries are their indices).</param>
    /// <param name="maxLength">Items kept per history, from the end.</param>
    public SupervisedPositiveSampler(IReadOnlyList<int[]> sequences, int maxLength)
    {
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "The maximum length must be at least 1.");
        (_sequences, _maxLength) = (sequences, maxLength);
        for (int u = 0; u < sequences.Count; u++)
        {
            if (sequences[u].Length < 2)
                throw new ArgumentException($"Sequence {u} has {sequences[u].Length} item(s); at least 2 are needed.", nameof(sequences));
            for (int p = 1; p < sequences[u].Length; p++)
            {
                if (!_byNextItem.TryGetValue(sequences[u][p], out var list)) _byNextItem[sequences[u][p]] = list = [];
                list.Add((u, p));
            }
        }
    }

    /// <summary>How many other histories share the next item of sequence <paramref name="sequence"/>.</summary>
    public int CandidateCount(int sequence) => _byNextItem[_sequences[sequence][^1]].Count - 1;

    /// <summary>A history (oldest first, at most maxLength items) whose next item is that of sequence
    /// <paramref name="sequence"/>, other than its own input; its own input when there is none.</summary>
    public int[] Sample(int sequence, Random random)
    {
        var query = _sequences[sequence];
        var pool = _byNextItem[query[^1]];
        if (pool.Count == 1) return History(query, query.Length - 1);
        int self = pool.IndexOf((sequence, query.Length - 1));
        int pick = random.Next(pool.Count - 1);
        if (pick >= self) pick++;                                           // uniform over the pool without the query
        var (u, p) = pool[pick];
        return History(_sequences[u], p);
    }

    int[] History(int[] s, int p) => s[Math.Max(0, p - _maxLength)..p];
}

namespace Contrastive.Text.Evaluation;

/// <summary>
/// An STS task as SentEval defines it: a name (<c>STS12</c> .. <c>STS16</c>, <c>STSBenchmark</c>,
/// <c>SICKRelatedness</c>) and its subsets, e.g. STS12's MSRpar, MSRvid, ...; STS-B and SICK have one subset, "test".
/// </summary>
public sealed class StsTask
{
    /// <summary>The task name, as in SimCSE's result table.</summary>
    public string Name { get; }

    /// <summary>Subset names in their canonical (file) order.</summary>
    public IReadOnlyList<string> SubsetNames { get; }

    /// <summary>Subset name -> its pairs.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<StsPair>> Subsets { get; }

    /// <summary>Pairs over all subsets.</summary>
    public int PairCount { get; }

    /// <param name="name">Task name, not blank.</param>
    /// <param name="subsets">At least one subset; names unique and not blank.</param>
    public StsTask(string name, IEnumerable<KeyValuePair<string, IReadOnlyList<StsPair>>> subsets)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("An STS task needs a non-blank name.", nameof(name));
        ArgumentNullException.ThrowIfNull(subsets);
        var names = new List<string>();
        var map = new Dictionary<string, IReadOnlyList<StsPair>>(StringComparer.Ordinal);
        foreach (var (subset, pairs) in subsets)
        {
            if (string.IsNullOrWhiteSpace(subset))
                throw new ArgumentException($"Task {name} has a subset with a blank name.", nameof(subsets));
            if (pairs is null)
                throw new ArgumentException($"Task {name} subset {subset} has no pair list.", nameof(subsets));
            if (!map.TryAdd(subset, pairs))
                throw new ArgumentException($"Task {name} lists subset {subset} twice.", nameof(subsets));
            names.Add(subset);
        }
        if (names.Count == 0)
            throw new ArgumentException($"Task {name} has no subsets.", nameof(subsets));
        Name = name;
        SubsetNames = names;
        Subsets = map;
        PairCount = map.Values.Sum(p => p.Count);
    }

    /// <summary>A task with a single subset.</summary>
    public StsTask(string name, string subset, IReadOnlyList<StsPair> pairs)
        : this(name, [KeyValuePair.Create(subset, pairs)]) { }

    /// <summary>Every pair, subset after subset in <see cref="SubsetNames"/> order.</summary>
    public IEnumerable<StsPair> AllPairs => SubsetNames.SelectMany(s => Subsets[s]);

    public override string ToString() => $"{Name} ({PairCount} pairs in {SubsetNames.Count} subset(s))";
}

namespace Contrastive.Sequences.Data;

/// <summary>
/// The k-core filter of RecBole's <c>user_inter_num_interval</c>/<c>item_inter_num_interval = "[k,inf)"</c>:
/// repeatedly removes the users with fewer than k interactions and the items with fewer than k interactions until
/// every remaining user and item has at least k (He and McAuley 2016's 5-core Amazon data).
/// </summary>
public static class KCoreFilter
{
    /// <param name="data">The users' sequences.</param>
    /// <param name="k">At least 1.</param>
    /// <returns>The filtered users, in the same order; users left empty are dropped and added to the dropped count.</returns>
    public static RawInteractions Apply(RawInteractions data, int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be at least 1, got {k}.");
        var sequences = data.Users.Select(u => u.Items.ToList()).ToArray();
        var alive = new bool[sequences.Length];
        Array.Fill(alive, true);
        while (true)
        {
            var itemCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int u = 0; u < sequences.Length; u++)
                if (alive[u])
                    foreach (var item in sequences[u]) itemCounts[item] = itemCounts.GetValueOrDefault(item) + 1;
            bool changed = false;
            for (int u = 0; u < sequences.Length; u++)
            {
                if (!alive[u]) continue;
                int before = sequences[u].Count;
                sequences[u].RemoveAll(item => itemCounts[item] < k);
                if (sequences[u].Count < k) alive[u] = false;
                changed |= !alive[u] || sequences[u].Count != before;
            }
            if (!changed) break;
        }
        var kept = new List<UserSequence>();
        for (int u = 0; u < sequences.Length; u++)
            if (alive[u]) kept.Add(new UserSequence(data.Users[u].User, sequences[u].ToArray()));
        return new RawInteractions(kept, data.DroppedUsers + data.Users.Count - kept.Count);
    }
}

namespace Contrastive.Sequences.Data;

/// <summary>
/// Users' time-ordered interaction sequences with the items numbered 1..N (<see cref="ItemVocabulary"/>).
/// </summary>
/// <param name="Users">The written user ids, one per sequence.</param>
/// <param name="Sequences">Each user's item ids in 1..N, oldest first (never empty).</param>
/// <param name="Items">The item numbering.</param>
/// <param name="DroppedUsers">Users dropped when reading (no interaction, below the k-core, or only unknown items).</param>
/// <param name="UnknownInteractions">Interactions with items absent from a given vocabulary, skipped (0 when the
/// vocabulary was built from the file).</param>
public sealed record SequenceDataset(IReadOnlyList<string> Users, IReadOnlyList<int[]> Sequences, ItemVocabulary Items,
                                     int DroppedUsers, int UnknownInteractions)
{
    /// <summary>Number of interactions.</summary>
    public long InteractionCount => Sequences.Sum(s => (long)s.Length);

    /// <summary>Reads <paramref name="path"/> in <paramref name="format"/>, applies the k-core filter when
    /// <paramref name="kCore"/> is set, and numbers the items: by <paramref name="vocabulary"/> when given (a trained
    /// model's items; unknown items are skipped and counted), otherwise in order of first appearance.</summary>
    public static SequenceDataset Load(string path, SequenceFormat format, int? kCore = null, ItemVocabulary? vocabulary = null)
    {
        var raw = format switch
        {
            SequenceFormat.Sequences => InteractionSequenceReader.Read(path),
            SequenceFormat.Ratings => RatingLogReader.Read(path),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sequence format."),
        };
        if (kCore is { } k) raw = KCoreFilter.Apply(raw, k);
        return FromRaw(raw, vocabulary);
    }

    /// <summary>Numbers the items of <paramref name="raw"/> (see <see cref="Load"/>).</summary>
    public static SequenceDataset FromRaw(RawInteractions raw, ItemVocabulary? vocabulary = null)
    {
        var items = vocabulary ?? ItemVocabulary.Build(raw.Users);
        var users = new List<string>();
        var sequences = new List<int[]>();
        int dropped = raw.DroppedUsers, unknown = 0;
        foreach (var user in raw.Users)
        {
            var ids = new List<int>(user.Items.Count);
            foreach (var item in user.Items)
            {
                if (items.Find(item) is { } id) ids.Add(id);
                else unknown++;
            }
            if (ids.Count == 0)
            {
                dropped++;
                continue;
            }
            users.Add(user.User);
            sequences.Add(ids.ToArray());
        }
        return new SequenceDataset(users, sequences, items, dropped, unknown);
    }
}

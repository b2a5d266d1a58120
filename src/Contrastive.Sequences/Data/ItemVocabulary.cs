using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Sequences.Data;

/// <summary>
/// The item ids as written, numbered 1..N in order of first appearance (RecBole's remapping): id 0 is the padding,
/// id N + 1 the mask token of CL4SRec's item-mask augmentation. Saved as <c>items.txt</c>, line i holding item i's id.
/// </summary>
public sealed class ItemVocabulary
{
    public const string FileName = "items.txt";
    public const int PaddingId = 0;

    readonly string[] _items;     // _items[i - 1] = the written id of item i
    readonly Dictionary<string, int> _ids;

    public ItemVocabulary(IEnumerable<string> items)
    {
        _items = items.ToArray();
        _ids = new Dictionary<string, int>(_items.Length, StringComparer.Ordinal);
        for (int i = 0; i < _items.Length; i++)
            if (!_ids.TryAdd(_items[i], i + 1)) throw new ContrastiveException($"Item '{_items[i]}' appears twice in the item list.");
    }

    /// <summary>N, the number of items.</summary>
    public int Count => _items.Length;

    /// <summary>N + 1, the id of the mask token.</summary>
    public int MaskId => _items.Length + 1;

    /// <summary>The written id of item <paramref name="id"/> in 1..N.</summary>
    public string this[int id] => id >= 1 && id <= _items.Length ? _items[id - 1]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Item ids are 1..{_items.Length}, got {id}.");

    /// <summary>The number 1..N of a written id, or null when the item is unknown.</summary>
    public int? Find(string item) => _ids.TryGetValue(item, out int id) ? id : null;

    /// <summary>Numbers the items of <paramref name="users"/> in order of first appearance.</summary>
    public static ItemVocabulary Build(IEnumerable<UserSequence> users)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = new List<string>();
        foreach (var user in users)
            foreach (var item in user.Items)
                if (seen.Add(item)) items.Add(item);
        return new ItemVocabulary(items);
    }

    public void Save(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), string.Join('\n', _items) + "\n");

    public static ItemVocabulary Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found.");
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
            if (string.IsNullOrWhiteSpace(lines[i])) throw new ContrastiveException($"{path}:{i + 1}: empty item id.");
        return new ItemVocabulary(lines.Select(l => l.Trim()));
    }
}

using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Sequences.Data;

/// <summary>
/// Reads a rating log <c>user item rating timestamp</c> (tab- or space-separated, one interaction a line, as MovieLens
/// <c>u.data</c>) into time-ordered sequences, as RecBole's sequential datasets: each user's interactions sorted by
/// timestamp, ties kept in file order. Every interaction counts whatever its rating (implicit feedback). A line without
/// four fields, or whose rating or timestamp is not a number, is an error naming the file and line.
/// </summary>
public static class RatingLogReader
{
    static readonly char[] Separators = [' ', '\t'];

    public static RawInteractions Read(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found.");
        var byUser = new Dictionary<string, List<(double Time, int Line, string Item)>>(StringComparer.Ordinal);
        var order = new List<string>();
        int lineNumber = 0;
        foreach (var line in TextFile.ReadLines(path, "rating log"))
        {
            lineNumber++;
            var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length == 0) continue;
            if (fields.Length != 4)
                throw new ContrastiveException($"{path}:{lineNumber}: expected 4 fields 'user item rating timestamp', got {fields.Length}.");
            if (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var rating) || !double.IsFinite(rating))
                throw new ContrastiveException($"{path}:{lineNumber}: the rating '{fields[2]}' is not a number.");
            if (!double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var time) || !double.IsFinite(time))
                throw new ContrastiveException($"{path}:{lineNumber}: the timestamp '{fields[3]}' is not a number.");
            if (!byUser.TryGetValue(fields[0], out var list))
            {
                byUser[fields[0]] = list = [];
                order.Add(fields[0]);
            }
            list.Add((time, lineNumber, fields[1]));
        }
        var users = order.Select(u => new UserSequence(u, byUser[u].OrderBy(e => e.Time).ThenBy(e => e.Line)
                                                                  .Select(e => e.Item).ToArray())).ToArray();
        return new RawInteractions(users, 0);
    }
}

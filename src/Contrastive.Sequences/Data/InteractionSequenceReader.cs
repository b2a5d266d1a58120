using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Sequences.Data;

/// <summary>
/// Reads the common <c>user item1 item2 ...</c> layout (one user a line, items oldest first, separated by spaces or
/// tabs; the layout of the CL4SRec/DuoRec/FEARec <c>Beauty.txt</c>). Blank lines are skipped; a user line without
/// items is dropped and counted; a user appearing on two lines is an error naming the file and both lines.
/// <para>Item ids are opaque tokens, as written (<c>12</c>, <c>B00X4</c> and <c>12x</c> are three items): a
/// non-integer item is an item like any other, numbered by <see cref="ItemVocabulary"/>. A user with one interaction
/// is kept (its item is numbered) but gives no training target and no evaluation case (<c>LeaveOneOutSplit</c>
/// needs 3 interactions for an evaluation case, <c>SequenceBatchSource</c> 2 training items for a target).</para>
/// </summary>
public static class InteractionSequenceReader
{
    static readonly char[] Separators = [' ', '\t'];

    public static RawInteractions Read(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found.");
        var users = new List<UserSequence>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int dropped = 0, lineNumber = 0;
        foreach (var line in TextFile.ReadLines(path, "sequence file"))
        {
            lineNumber++;
            var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length == 0) continue;
            if (!seen.TryAdd(fields[0], lineNumber))
                throw new ContrastiveException($"{path}:{lineNumber}: user '{fields[0]}' already has a sequence on line {seen[fields[0]]}.");
            if (fields.Length == 1)
            {
                dropped++;
                continue;
            }
            users.Add(new UserSequence(fields[0], fields[1..]));
        }
        return new RawInteractions(users, dropped);
    }
}

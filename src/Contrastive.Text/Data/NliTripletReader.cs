using System.Text;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Text.Data;

/// <summary>
/// Reads supervised SimCSE data (SimCSE's <c>nli_for_simcse.csv</c> layout): one example a line with 2 columns
/// (sent0, sent1) or 3 (sent0, sent1, hard_neg). A <c>.tsv</c> file is tab-separated, any other comma-separated.
/// Fields may be quoted as in RFC 4180 (a quoted field may hold the separator and doubled quotes <c>""</c>; it may not
/// span lines). A first line <c>sent0,sent1[,hard_neg]</c> (any case) is a header and skipped; blank lines are
/// skipped. Every row must have the column count of the first, and no field may be empty.
/// </summary>
public static class NliTripletReader
{
    static readonly string[] HeaderNames = ["sent0", "sent1", "hard_neg"];

    /// <exception cref="ContrastiveException">
    /// The file is missing or unreadable, has no example, or a line (named FILE:LINE) has a wrong column count, an
    /// empty field or broken quoting.
    /// </exception>
    public static IReadOnlyList<SentenceTriplet> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TextFile.RequireFile(path, "sentence-pair file");
        var separator = string.Equals(Path.GetExtension(path), ".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';

        var triplets = new List<SentenceTriplet>();
        int? columns = null;
        var columnsLine = 0;
        var lineNumber = 0;
        try
        {
            foreach (var line in TextFile.ReadLines(path, "sentence-pair file"))
            {
                lineNumber++;
                if (line.Trim().Length == 0)
                    continue;
                var fields = SplitLine(line, separator, path, lineNumber);
                if (columns is null && IsHeader(fields))
                {
                    columns = fields.Count;
                    columnsLine = lineNumber;
                    continue;
                }
                if (fields.Count is not (2 or 3))
                    throw new ContrastiveException($"{path}:{lineNumber}: expected 2 or 3 columns, found {fields.Count}.");
                if (columns is null)
                {
                    columns = fields.Count;
                    columnsLine = lineNumber;
                }
                else if (fields.Count != columns)
                {
                    throw new ContrastiveException(
                        $"{path}:{lineNumber}: expected {columns} columns as on line {columnsLine}, found {fields.Count}.");
                }
                for (var c = 0; c < fields.Count; c++)
                    if (fields[c].Length == 0)
                        throw new ContrastiveException($"{path}:{lineNumber}: column {c + 1} ({HeaderNames[c]}) is empty.");
                triplets.Add(new SentenceTriplet(fields[0], fields[1], fields.Count == 3 ? fields[2] : null));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"Cannot read the sentence-pair file '{path}': {e.Message}", e);
        }
        if (triplets.Count == 0)
            throw new ContrastiveException($"The sentence-pair file '{path}' contains no sentence pairs.");
        return triplets;
    }

    static bool IsHeader(IReadOnlyList<string> fields)
    {
        if (fields.Count is not (2 or 3))
            return false;
        for (var c = 0; c < fields.Count; c++)
            if (!string.Equals(fields[c], HeaderNames[c], StringComparison.OrdinalIgnoreCase))
                return false;
        return true;
    }

    /// <summary>Splits one line into trimmed fields, unquoting RFC 4180 quoted fields.</summary>
    static List<string> SplitLine(string line, char separator, string path, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            // Skip blanks before a field so that `a, "b"` still reads "b" as quoted.
            var start = i;
            while (i < line.Length && line[i] != separator && char.IsWhiteSpace(line[i]))
                i++;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                        throw new ContrastiveException($"{path}:{lineNumber}: unterminated quoted field in column {fields.Count + 1}.");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                while (i < line.Length && line[i] != separator && char.IsWhiteSpace(line[i]))
                    i++;
                if (i < line.Length && line[i] != separator)
                    throw new ContrastiveException(
                        $"{path}:{lineNumber}: unexpected text after the closing quote of column {fields.Count + 1}.");
            }
            else
            {
                i = start;
                while (i < line.Length && line[i] != separator)
                    field.Append(line[i++]);
            }
            fields.Add(field.ToString().Trim());
            field.Clear();
            if (i >= line.Length)
                return fields;
            i++; // the separator
        }
    }
}

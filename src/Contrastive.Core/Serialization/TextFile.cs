using System.Text;

namespace Contrastive.Core.Serialization;

/// <summary>
/// Input text files read line by line, refusing what is not text: a folder or a missing path is named as such, and a
/// file with a NUL character (binary data) or with invalid UTF-8 on more than <see cref="MaxInvalidShare"/> of its
/// lines is a <see cref="ContrastiveException"/> naming the file and the first bad line, instead of a corpus of
/// replacement characters.
/// </summary>
public static class TextFile
{
    /// <summary>Share of lines that may hold invalid UTF-8 (decoded as U+FFFD) before the file is refused.</summary>
    public const double MaxInvalidShare = 0.01;

    /// <summary>Lines read before a file whose lines are almost all invalid is refused without reading the rest.</summary>
    const int EarlyVerdictLines = 64;

    /// <summary>Throws when <paramref name="path"/> is a folder or does not exist.</summary>
    /// <param name="what">What the file is, for the message: "corpus file", "WordPiece vocabulary", ...</param>
    public static void RequireFile(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new ContrastiveException($"The {what} '{path}' is a folder, not a file.");
        if (!File.Exists(path))
            throw new ContrastiveException($"The {what} '{path}' does not exist.");
    }

    /// <summary>The lines of a UTF-8 text file (a UTF-16 or UTF-32 byte-order mark is honoured), checked as above;
    /// the check of the invalid share happens when the last line has been read.</summary>
    public static IEnumerable<string> ReadLines(string path, string what)
    {
        RequireFile(path, what);
        return Read(path, what);
    }

    static IEnumerable<string> Read(string path, string what)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"Cannot read the {what} '{path}': {e.Message}", e);
        }
        using (reader)
        {
            int number = 0, invalid = 0, firstInvalid = 0;
            while (true)
            {
                string? line;
                try
                {
                    line = reader.ReadLine();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new ContrastiveException($"Cannot read the {what} '{path}': {e.Message}", e);
                }
                if (line is null) break;
                number++;
                if (line.Contains('\0'))
                    throw new ContrastiveException($"The {what} '{path}' is not text: line {number} holds a NUL byte (a binary file?).");
                if (line.Contains('\uFFFD') && invalid++ == 0) firstInvalid = number;
                if (number == EarlyVerdictLines) CheckShare(path, what, invalid, number, firstInvalid);
                yield return line;
            }
            CheckShare(path, what, invalid, number, firstInvalid);
        }
    }

    static void CheckShare(string path, string what, int invalid, int lines, int firstInvalid)
    {
        if (invalid > MaxInvalidShare * lines)
            throw new ContrastiveException(
                $"The {what} '{path}' is not UTF-8 text: {invalid} of {lines} lines hold invalid UTF-8, the first at line {firstInvalid}.");
    }
}

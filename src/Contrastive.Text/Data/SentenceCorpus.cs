using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Text.Data;

/// <summary>
/// Unsupervised SimCSE training text: one sentence a line (SimCSE's <c>wiki1m_for_simcse.txt</c> format).
/// Lines are trimmed; empty lines are skipped. In a <c>.tsv</c> file the sentence is the last tab-separated column
/// (e.g. <c>source&lt;TAB&gt;sentence</c>). A folder, a binary file or one that is not UTF-8 is refused
/// (<see cref="TextFile"/>).
/// </summary>
public static class SentenceCorpus
{
    /// <summary>The sentences of one UTF-8 text file, in file order.</summary>
    /// <exception cref="ContrastiveException">The file is missing, unreadable or has no sentence.</exception>
    public static IReadOnlyList<string> ReadLines(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sentences = new List<string>();
        ReadInto(path, sentences);
        return sentences;
    }

    /// <summary>The sentences of several files, concatenated in the order given.</summary>
    /// <exception cref="ContrastiveException">No file is given, or one is missing, unreadable or has no sentence.</exception>
    public static IReadOnlyList<string> ReadLines(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sentences = new List<string>();
        var files = 0;
        foreach (var path in paths)
        {
            ReadInto(path, sentences);
            files++;
        }
        if (files == 0)
            throw new ContrastiveException("No corpus file was given.");
        return sentences;
    }

    static void ReadInto(string path, List<string> sentences)
    {
        var before = sentences.Count;
        bool lastColumn = string.Equals(Path.GetExtension(path), ".tsv", StringComparison.OrdinalIgnoreCase);
        try
        {
            foreach (var line in TextFile.ReadLines(path, "corpus file"))
            {
                var sentence = (lastColumn ? line[(line.LastIndexOf('\t') + 1)..] : line).Trim();
                if (sentence.Length > 0)
                    sentences.Add(sentence);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"Cannot read the corpus file '{path}': {e.Message}", e);
        }
        if (sentences.Count == before)
            throw new ContrastiveException($"The corpus file '{path}' contains no sentences.");
    }
}

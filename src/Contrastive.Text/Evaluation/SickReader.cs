using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Text.Evaluation;

/// <summary>
/// Reads SICK relatedness (Marelli et al. 2014) as SentEval's <c>SICKRelatednessEval</c> does, from
/// <c>SICK_test_annotated.txt</c>: tab-separated with a header line; the columns <c>sentence_A</c>,
/// <c>sentence_B</c> and <c>relatedness_score</c> (1-5) are found by name. Blank lines are skipped.
/// </summary>
public static class SickReader
{
    /// <summary>The test file's name in SentEval's <c>data/downstream/SICK</c> folder.</summary>
    public const string TestFileName = "SICK_test_annotated.txt";

    /// <summary>The pairs of a SICK file, sentences whitespace-normalised as SentEval feeds them.</summary>
    /// <exception cref="ContrastiveException">The file is missing, lacks a needed column, or a line is malformed.</exception>
    public static IReadOnlyList<StsPair> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new ContrastiveException($"SICK file {path} does not exist.");
        using var lines = TextFile.ReadLines(path, "SICK file").GetEnumerator();
        if (!lines.MoveNext() || string.IsNullOrWhiteSpace(lines.Current))
            throw new ContrastiveException($"SICK file {path} has no header line.");
        var header = lines.Current.Trim().Split('\t').Select(h => h.Trim()).ToList();
        int a = Column(header, "sentence_A", path), b = Column(header, "sentence_B", path), s = Column(header, "relatedness_score", path);
        int needed = Math.Max(a, Math.Max(b, s)) + 1;

        var pairs = new List<StsPair>();
        for (int lineNumber = 2; lines.MoveNext(); lineNumber++)
        {
            var line = lines.Current;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var columns = line.Trim().Split('\t');
            if (columns.Length < needed)
                throw new ContrastiveException($"{path}:{lineNumber}: expected at least {needed} tab-separated columns, found {columns.Length}.");
            var scoreText = columns[s].Trim();
            if (!double.TryParse(scoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
                throw new ContrastiveException($"{path}:{lineNumber}: relatedness_score '{scoreText}' is not a number.");
            pairs.Add(new StsPair(SentEvalText.Normalize(columns[a]), SentEvalText.Normalize(columns[b]), score));
        }
        if (pairs.Count == 0)
            throw new ContrastiveException($"SICK file {path} holds no pairs after its header.");
        return pairs;
    }

    /// <summary>The file as task "SICKRelatedness" with one subset, "test".</summary>
    public static StsTask ReadTask(string path) => new(StsSuite.SickRelatedness, "test", Read(path));

    static int Column(List<string> header, string name, string path)
    {
        int index = header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
            throw new ContrastiveException($"SICK file {path} has no '{name}' column in its header ({string.Join(", ", header)}).");
        return index;
    }
}

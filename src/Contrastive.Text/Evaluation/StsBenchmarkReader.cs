using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Text.Evaluation;

/// <summary>
/// Reads STS Benchmark files (<c>sts-train.csv</c>, <c>sts-dev.csv</c>, <c>sts-test.csv</c>; Cer et al. 2017) the way
/// SentEval does: one pair a line, tab-separated, no header, column index 4 the 0-5 score and indices 5 and 6 the two
/// sentences; further columns (sources, licences) are ignored. There is no quote handling: some sentences hold stray
/// double quotes, so the file is not CSV in the RFC 4180 sense. Blank lines are skipped.
/// </summary>
public static class StsBenchmarkReader
{
    /// <summary>Columns a line needs: genre, file, year, id, score, sentence 1, sentence 2.</summary>
    public const int MinimumColumns = 7;

    /// <summary>The pairs of one STS-B file, sentences whitespace-normalised as SentEval feeds them.</summary>
    /// <exception cref="ContrastiveException">The file is missing, empty, or a line is malformed ("FILE:LINE: ...").</exception>
    public static IReadOnlyList<StsPair> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new ContrastiveException($"STS Benchmark file {path} does not exist.");
        var pairs = new List<StsPair>();
        int lineNumber = 0;
        foreach (var line in TextFile.ReadLines(path, "STS Benchmark file"))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var columns = line.Trim().Split('\t'); // SentEval: line.strip().split('\t')
            if (columns.Length < MinimumColumns)
                throw new ContrastiveException(
                    $"{path}:{lineNumber}: expected at least {MinimumColumns} tab-separated columns (score at index 4, sentences at 5 and 6), found {columns.Length}.");
            var scoreText = columns[4].Trim();
            if (!double.TryParse(scoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
                throw new ContrastiveException($"{path}:{lineNumber}: score '{scoreText}' in column index 4 is not a number.");
            if (score is < 0 or > 5)
                throw new ContrastiveException($"{path}:{lineNumber}: score {scoreText} is outside STS's range of 0 to 5.");
            pairs.Add(new StsPair(SentEvalText.Normalize(columns[5]), SentEvalText.Normalize(columns[6]), score));
        }
        if (pairs.Count == 0)
            throw new ContrastiveException($"STS Benchmark file {path} holds no pairs.");
        return pairs;
    }

    /// <summary>
    /// The file as task "STSBenchmark" with one subset named after the split SentEval gives it
    /// (<c>sts-test.csv</c> -> "test", <c>sts-dev.csv</c> -> "dev", <c>sts-train.csv</c> -> "train"; otherwise the file name).
    /// </summary>
    public static StsTask ReadTask(string path) => new(StsSuite.StsBenchmark, SplitName(path), Read(path));

    static string SplitName(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        return stem.StartsWith("sts-", StringComparison.OrdinalIgnoreCase) && stem.Length > 4 ? stem[4..] : stem;
    }
}

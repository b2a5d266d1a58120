using System.Globalization;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Text.Evaluation;

/// <summary>
/// Reads the SemEval STS 2012-2016 test sets in SentEval's layout (<c>data/downstream/STS/STS12-en-test</c>, ...):
/// per subset, <c>STS.input.SUBSET.txt</c> holds two tab-separated sentences a line and <c>STS.gs.SUBSET.txt</c> the
/// gold score of the same line; an empty score line drops that pair (SentEval's <c>raw_scores != ''</c>).
/// The subsets are SentEval's (STS13 without the licence-restricted SMT subset).
/// </summary>
public static class SentEvalStsReader
{
    /// <summary>Task name -> subsets, as SentEval's <c>STS12Eval</c> .. <c>STS16Eval</c> list them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SubsetsByTask { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["STS12"] = ["MSRpar", "MSRvid", "SMTeuroparl", "surprise.OnWN", "surprise.SMTnews"],
            ["STS13"] = ["FNWN", "headlines", "OnWN"],
            ["STS14"] = ["deft-forum", "deft-news", "headlines", "images", "OnWN", "tweet-news"],
            ["STS15"] = ["answers-forums", "answers-students", "belief", "headlines", "images"],
            ["STS16"] = ["answer-answer", "headlines", "plagiarism", "postediting", "question-question"],
        };

    /// <summary>The folder SentEval keeps a year's test set in: "STS12" -> "STS12-en-test".</summary>
    public static string FolderName(string taskName) => $"{taskName}-en-test";

    /// <summary>All subsets of <paramref name="taskName"/> (STS12 .. STS16) from <paramref name="folder"/>.</summary>
    /// <exception cref="ArgumentException">The task name is not STS12 .. STS16.</exception>
    /// <exception cref="ContrastiveException">A subset's file is missing or malformed.</exception>
    public static StsTask ReadTask(string folder, string taskName)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (taskName is null || !SubsetsByTask.TryGetValue(taskName, out var subsets))
            throw new ArgumentException($"Unknown SentEval STS task '{taskName}'; expected one of {string.Join(", ", SubsetsByTask.Keys)}.", nameof(taskName));
        if (!Directory.Exists(folder))
            throw new ContrastiveException($"STS folder {folder} for {taskName} does not exist.");
        return new StsTask(taskName, subsets.Select(s => KeyValuePair.Create(s, ReadSubset(folder, s))));
    }

    /// <summary>The scored pairs of one subset, sentences whitespace-normalised as SentEval feeds them.</summary>
    /// <exception cref="ContrastiveException">A file is missing, the two files' line counts differ, or a line is malformed.</exception>
    public static IReadOnlyList<StsPair> ReadSubset(string folder, string subset)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(subset);
        var inputPath = Path.Combine(folder, $"STS.input.{subset}.txt");
        var goldPath = Path.Combine(folder, $"STS.gs.{subset}.txt");
        foreach (var path in new[] { inputPath, goldPath })
            if (!File.Exists(path))
                throw new ContrastiveException($"STS file {path} does not exist.");

        var inputs = TextFile.ReadLines(inputPath, "SentEval STS input file").ToArray();
        var golds = TextFile.ReadLines(goldPath, "SentEval STS gold-score file").ToArray();
        if (inputs.Length != golds.Length)
            throw new ContrastiveException(
                $"{inputPath} has {inputs.Length} lines but {goldPath} has {golds.Length}; they must pair up line by line.");

        var pairs = new List<StsPair>();
        for (int i = 0; i < inputs.Length; i++)
        {
            var scoreText = golds[i].Trim();
            if (scoreText.Length == 0) continue; // unscored pair: SentEval drops it
            if (!double.TryParse(scoreText, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || !double.IsFinite(score))
                throw new ContrastiveException($"{goldPath}:{i + 1}: score '{scoreText}' is not a number.");
            var sentences = inputs[i].Split('\t'); // SentEval: l.split("\t"), first two fields
            if (sentences.Length < 2)
                throw new ContrastiveException($"{inputPath}:{i + 1}: expected two tab-separated sentences, found {sentences.Length} field(s).");
            pairs.Add(new StsPair(SentEvalText.Normalize(sentences[0]), SentEvalText.Normalize(sentences[1]), score));
        }
        return pairs;
    }
}

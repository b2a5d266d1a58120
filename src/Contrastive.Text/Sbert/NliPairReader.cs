using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Text.Data;
using Contrastive.Text.Evaluation;

namespace Contrastive.Text.Sbert;

/// <summary>
/// SBERT training pairs from the project's data. NLI: either supervised-SimCSE triplets (<see cref="NliTripletReader"/>,
/// <c>sent0,sent1,hard_neg</c>), giving (premise, entailment) and (premise, contradiction) pairs and two labels; or a
/// labelled tab-separated file <c>sentence1 TAB sentence2 TAB label</c> (label <c>entailment</c>, <c>neutral</c> or
/// <c>contradiction</c>; an optional header line <c>sentence1 sentence2 label</c>; other labels such as SNLI's <c>-</c>
/// are skipped), giving three labels when neutral occurs. STS: STS Benchmark pairs with score / 5.
/// </summary>
public static class NliPairReader
{
    /// <summary>Label indices, as sentence-transformers' NLI training script.</summary>
    public const int Contradiction = 0, Entailment = 1, Neutral = 2;

    static readonly string[] LabelNames = ["contradiction", "entailment", "neutral"];

    /// <summary>The pairs and the number of labels (2 without neutral pairs, else 3).</summary>
    public static (IReadOnlyList<SentencePairExample> Pairs, int NumLabels) ReadNli(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"The NLI file '{path}' does not exist.");
        var pairs = string.Equals(Path.GetExtension(path), ".tsv", StringComparison.OrdinalIgnoreCase) && HasLabelColumn(path)
            ? ReadLabelled(path)
            : NliTripletReader.Read(path).SelectMany(FromTriplet).ToList();
        if (pairs.Count == 0) throw new ContrastiveException($"The NLI file '{path}' contains no labelled pairs.");
        int labels = pairs.Any(p => p.Target == Neutral) ? 3 : 2;
        return (pairs, labels);
    }

    static IEnumerable<SentencePairExample> FromTriplet(SentenceTriplet t)
    {
        yield return new SentencePairExample(t.Anchor, t.Positive, Entailment);
        if (t.HardNegative is not null) yield return new SentencePairExample(t.Anchor, t.HardNegative, Contradiction);
    }

    static bool HasLabelColumn(string path)
    {
        var (first, lineNumber) = TextFile.ReadLines(path, "pair file").Select((l, i) => (l, i + 1)).FirstOrDefault(x => x.l.Trim().Length > 0);
        if (first is null) return false;
        var fields = first.Split('\t');
        if (fields.Length != 3) return false;
        var third = fields[2].Trim();
        if (Array.IndexOf(LabelNames, third.ToLowerInvariant()) >= 0 || third.ToLowerInvariant() == "label" || third == "-") return true;
        // A single word in the third column is a label, not a hard-negative sentence: refuse it rather than read the
        // file as triplets with one-word contradictions.
        if (third.Length > 0 && !third.Any(char.IsWhiteSpace))
            throw new ContrastiveException($"{path}:{lineNumber}: '{third}' is not an NLI label (entailment, neutral or contradiction); a labelled file is sentence1 TAB sentence2 TAB label, triplets are sent0,sent1,hard_neg.");
        return false;
    }

    static List<SentencePairExample> ReadLabelled(string path)
    {
        var pairs = new List<SentencePairExample>();
        int lineNumber = 0;
        foreach (var line in TextFile.ReadLines(path, "pair file"))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = line.Split('\t');
            if (fields.Length != 3) throw new ContrastiveException($"{path}:{lineNumber}: expected 3 tab-separated columns (sentence1, sentence2, label), found {fields.Length}.");
            var label = fields[2].Trim().ToLowerInvariant();
            if (lineNumber == 1 && label == "label") continue;
            int index = Array.IndexOf(LabelNames, label);
            if (index < 0) continue;                                    // SNLI's '-' (no gold label)
            if (fields[0].Trim().Length == 0 || fields[1].Trim().Length == 0) throw new ContrastiveException($"{path}:{lineNumber}: a sentence is empty.");
            pairs.Add(new SentencePairExample(fields[0].Trim(), fields[1].Trim(), index));
        }
        return pairs;
    }

    /// <summary>STS Benchmark pairs (<see cref="StsBenchmarkReader"/>) with the score scaled to [0, 1].</summary>
    public static IReadOnlyList<SentencePairExample> ReadSts(string path) =>
        StsBenchmarkReader.Read(path).Select(p => new SentencePairExample(p.Sentence1, p.Sentence2, p.Score / 5.0)).ToArray();
}

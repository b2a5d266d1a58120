using Contrastive.Core;
using Contrastive.Text.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Evaluation;

public class StsEvaluatorTests
{
    /// <summary>Bag of characters: counts of 'a'..'z' per sentence, (n, 26). cos("ab", "ac") = 0.5, cos("aab", "ab") = 3 / sqrt(10).</summary>
    static Tensor BagOfCharacters(IReadOnlyList<string> sentences)
    {
        var counts = new float[sentences.Count * 26];
        for (int i = 0; i < sentences.Count; i++)
            foreach (var c in sentences[i])
                if (c is >= 'a' and <= 'z') counts[i * 26 + (c - 'a')]++;
        return tensor(counts, new long[] { sentences.Count, 26 });
    }

    static StsPair P(string a, string b, double score) => new(a, b, score);

    [Fact]
    public void Evaluate_OneSubset_HandComputedSpearman()
    {
        // cosines [1, 3/sqrt(10), 0.5, 0] rank [4, 3, 2, 1]; gold [5, 3, 4, 0] ranks [4, 2, 3, 1]:
        // sum d^2 = 2 -> rho = 1 - 6 * 2 / (4 * 15) = 0.8
        var suite = new StsSuite([new StsTask("Tiny", "test", [P("ab", "ab", 5), P("aab", "ab", 3), P("ab", "ac", 4), P("ab", "cd", 0)])]);
        var result = StsEvaluator.Evaluate(suite, BagOfCharacters);
        var task = Assert.Single(result.Tasks);
        Assert.Equal(80.0, task.Spearman, 9);
        Assert.Equal(80.0, task.WeightedMeanSpearman, 9);
        Assert.Equal(4, task.PairCount);
        Assert.Equal(80.0, result.Average, 9);
        Assert.Null(result.Alignment);
        Assert.Null(result.Uniformity);
    }

    [Fact]
    public void Evaluate_SubsetsEachPerfectButMisalignedAcross_AllBelowWmean()
    {
        // each subset is perfectly ordered (rho = 1), but concatenated: cosines [1, 0.5, 0.95, 0] vs gold [5, 4, 1, 0] -> 0.8
        var task = new StsTask("STS12",
        [
            KeyValuePair.Create("A", (IReadOnlyList<StsPair>)[P("ab", "ab", 5), P("ab", "ac", 4)]),
            KeyValuePair.Create("B", (IReadOnlyList<StsPair>)[P("aab", "ab", 1), P("ab", "cd", 0)]),
        ]);
        var result = StsEvaluator.Evaluate(new StsSuite([task]), BagOfCharacters).Tasks[0];
        Assert.Equal(80.0, result.Spearman, 9);
        Assert.Equal(100.0, result.WeightedMeanSpearman, 9);
        Assert.Equal([100.0, 100.0], result.Subsets.Select(s => Math.Round(s.Spearman, 9)));
    }

    [Fact]
    public void Evaluate_UnequalSubsets_WmeanWeightsByPairCount()
    {
        // A (3 pairs) rho = 1; B (2 pairs): cosines [0, 2/3] vs gold [5, 4], rho = -1 -> wmean = (3 * 100 - 2 * 100) / 5 = 20.
        // all: cosine ranks [5, 4, 2, 1, 3], gold ranks [3, 2, 1, 5, 4], sum d^2 = 26 -> 1 - 6 * 26 / 120 = -0.3
        var task = new StsTask("STS13",
        [
            KeyValuePair.Create("A", (IReadOnlyList<StsPair>)[P("ab", "ab", 3), P("aab", "ab", 2), P("ab", "ac", 1)]),
            KeyValuePair.Create("B", (IReadOnlyList<StsPair>)[P("ab", "cd", 5), P("abc", "abd", 4)]),
        ]);
        var result = StsEvaluator.Evaluate(new StsSuite([task]), BagOfCharacters).Tasks[0];
        Assert.Equal(20.0, result.WeightedMeanSpearman, 9);
        Assert.Equal(-30.0, result.Spearman, 9);
        Assert.Equal(5, result.PairCount);
        Assert.Equal([3, 2], result.Subsets.Select(s => s.PairCount));
    }

    [Fact]
    public void Evaluate_WithStsBenchmark_AlignmentUniformityAndAverage()
    {
        // STS-B: cosines [1, 0.5, 0] vs gold [5, 4.5, 1] -> 100. Positives (gold > 4): ab/ab (distance 0), ab/ac
        // (||u - v||^2 = 2 - 2 * 0.5 = 1) -> alignment 0.5. Distinct sentences ab, ac, cd: squared distances 1, 2, 1.
        var stsb = new StsTask("STSBenchmark", "test", [P("ab", "ab", 5), P("ab", "ac", 4.5), P("ab", "cd", 1)]);
        var tiny = new StsTask("Tiny", "test", [P("ab", "ab", 5), P("aab", "ab", 3), P("ab", "ac", 4), P("ab", "cd", 0)]);
        var result = StsEvaluator.Evaluate(new StsSuite([tiny, stsb]), BagOfCharacters);
        Assert.Equal(["STSBenchmark", "Tiny"], result.Tasks.Select(t => t.Name));
        Assert.Equal(100.0, result.Find("STSBenchmark")!.Spearman, 9);
        Assert.Equal(90.0, result.Average, 9);
        Assert.Equal(0.5, result.Alignment!.Value, 6);
        Assert.Equal(Math.Log((2 * Math.Exp(-2) + Math.Exp(-4)) / 3), result.Uniformity!.Value, 6);
    }

    [Fact]
    public void Evaluate_BatchesDistinctSentencesOnce()
    {
        var batches = new List<IReadOnlyList<string>>();
        var task = new StsTask("Tiny", "test", [P("ab", "ab", 5), P("aab", "ab", 3), P("ab", "ac", 4), P("ab", "cd", 0), P("abc", "abd", 1)]);
        StsEvaluator.Evaluate(new StsSuite([task]), s => { batches.Add(s.ToList()); return BagOfCharacters(s); }, batchSize: 2);
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 2));
        var encoded = batches.SelectMany(b => b).ToList();
        Assert.Equal(6, encoded.Count);
        Assert.Equal(["aab", "ab", "abc", "abd", "ac", "cd"], encoded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Evaluate_ZeroEmbedding_CosineIsZeroNotNaN()
    {
        // "123" has no letters: zero vector, cosine 0 (SentEval's nan_to_num). Cosines [1, 0.5, 0] vs gold [5, 3, 0] -> 100
        var task = new StsTask("Tiny", "test", [P("ab", "ab", 5), P("ab", "ac", 3), P("123", "ab", 0)]);
        Assert.Equal(100.0, StsEvaluator.Evaluate(new StsSuite([task]), BagOfCharacters).Average, 9);
    }

    [Fact]
    public void Evaluate_EncoderReturnsWrongRowCount_Throws()
    {
        var task = new StsTask("Tiny", "test", [P("ab", "ab", 5), P("ab", "ac", 3)]);
        var e = Assert.Throws<ContrastiveException>(() => StsEvaluator.Evaluate(new StsSuite([task]), s => zeros(s.Count + 1, 4)));
        Assert.Contains("shape", e.Message);
    }

    [Fact]
    public void Evaluate_SubsetWithOnePair_Throws()
    {
        var task = new StsTask("STS12", "MSRpar", [P("ab", "ab", 5)]);
        var e = Assert.Throws<ContrastiveException>(() => StsEvaluator.Evaluate(new StsSuite([task]), BagOfCharacters));
        Assert.Contains("MSRpar", e.Message);
        Assert.Throws<ArgumentException>(() => StsEvaluator.Evaluate(new StsSuite([task]), BagOfCharacters, batchSize: 0));
    }
}

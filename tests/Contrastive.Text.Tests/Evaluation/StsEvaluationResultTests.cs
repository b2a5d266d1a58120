using System.Text.Json;
using Contrastive.Text.Evaluation;

namespace Contrastive.Text.Tests.Evaluation;

public class StsEvaluationResultTests
{
    static StsTaskResult Task(string name, double spearman) =>
        new(name, spearman, spearman, spearman, 10, [new StsSubsetResult("test", 10, spearman, spearman)]);

    /// <summary>unsup-simcse-bert-base-uncased as SimCSE's README prints it.</summary>
    static StsEvaluationResult SimCseReadme()
    {
        double[] scores = [68.40, 82.41, 74.38, 80.91, 78.56, 76.85, 72.23];
        var tasks = StsSuite.StandardTaskNames.Zip(scores, Task).ToList();
        return new StsEvaluationResult(tasks, scores.Average(), 0.2, -2.5);
    }

    [Fact]
    public void FormatTable_AllTasks_MatchesSimCseReadme()
    {
        const string expected =
            "+-------+-------+-------+-------+-------+--------------+-----------------+-------+\n" +
            "| STS12 | STS13 | STS14 | STS15 | STS16 | STSBenchmark | SICKRelatedness |  Avg. |\n" +
            "+-------+-------+-------+-------+-------+--------------+-----------------+-------+\n" +
            "| 68.40 | 82.41 | 74.38 | 80.91 | 78.56 |    76.85     |      72.23      | 76.25 |\n" +
            "+-------+-------+-------+-------+-------+--------------+-----------------+-------+";
        Assert.Equal(expected, SimCseReadme().FormatTable());
    }

    [Fact]
    public void FormatTable_AbsentTasksAndNaN_OmittedAndPrintedAsNan()
    {
        var result = new StsEvaluationResult([Task("STSBenchmark", 5.0), Task("Tiny", double.NaN)], double.NaN, null, null);
        const string expected =
            "+--------------+------+------+\n" +
            "| STSBenchmark | Tiny | Avg. |\n" +
            "+--------------+------+------+\n" +
            "|     5.00     | nan  | nan  |\n" +
            "+--------------+------+------+";
        Assert.Equal(expected, result.FormatTable());
    }

    [Fact]
    public void ToJson_OneSpearmanPerTaskPlusAvg_InOrder()
    {
        var json = SimCseReadme().ToJson();
        using var doc = JsonDocument.Parse(json);
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal([.. StsSuite.StandardTaskNames, "avg", "alignment", "uniformity"], names);
        Assert.Equal(68.40, doc.RootElement.GetProperty("STS12").GetDouble(), 9);
        Assert.Equal(533.74 / 7, doc.RootElement.GetProperty("avg").GetDouble(), 9);
        Assert.Equal(-2.5, doc.RootElement.GetProperty("uniformity").GetDouble());
        Assert.Contains("\n  \"STS13\": 82.41", json); // indented
    }

    [Fact]
    public void ToJson_NaNAndNoGeometry_WritesStringAndOmitsKeys()
    {
        var json = new StsEvaluationResult([Task("Tiny", double.NaN)], double.NaN, null, null).ToJson();
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("NaN", doc.RootElement.GetProperty("Tiny").GetString());
        Assert.False(doc.RootElement.TryGetProperty("alignment", out _));
    }

    [Fact]
    public void ToJson_SentencesPerSecond_WrittenLast()
    {
        var json = (SimCseReadme() with { SentencesPerSecond = 123.5 }).ToJson();
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("sentences_per_second", doc.RootElement.EnumerateObject().Last().Name);
        Assert.Equal(123.5, doc.RootElement.GetProperty("sentences_per_second").GetDouble());
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Contrastive.Text.Evaluation;

/// <summary>
/// The outcome of <see cref="StsEvaluator.Evaluate"/>: per-task results (Spearman x 100), their plain average, and,
/// when STS-B was evaluated, alignment and uniformity of the embeddings (Wang and Isola 2020; lower is better).
/// </summary>
/// <param name="Tasks">Results in suite order.</param>
/// <param name="Average">Mean of the tasks' <see cref="StsTaskResult.Spearman"/> (SimCSE's "Avg." over the tasks present,
/// computed from unrounded values).</param>
/// <param name="Alignment">Alignment over STS-B pairs with gold score above 4, or null.</param>
/// <param name="Uniformity">Uniformity over the distinct STS-B sentences, or null.</param>
public sealed record StsEvaluationResult(
    IReadOnlyList<StsTaskResult> Tasks,
    double Average,
    double? Alignment,
    double? Uniformity)
{
    /// <summary>Encoding speed measured during the evaluation (sentences per second, the best of the rounds timed), or
    /// null when not measured. Written to the JSON as <c>sentences_per_second</c>.</summary>
    public double? SentencesPerSecond { get; init; }

    /// <summary>The result of task <paramref name="name"/>, or null.</summary>
    public StsTaskResult? Find(string name) => Tasks.FirstOrDefault(t => t.Name == name);

    /// <summary>
    /// Indented JSON: one Spearman (x 100) per task name, then "avg", then "alignment", "uniformity" and "sentences_per_second" when present.
    /// NaN (a constant encoder) is written as the string "NaN".
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var task in Tasks) WriteNumber(writer, task.Name, task.Spearman);
            WriteNumber(writer, "avg", Average);
            if (Alignment is { } alignment) WriteNumber(writer, "alignment", alignment);
            if (Uniformity is { } uniformity) WriteNumber(writer, "uniformity", uniformity);
            if (SentencesPerSecond is { } speed) WriteNumber(writer, "sentences_per_second", speed);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// SimCSE's result table (as evaluation.py prints it with PrettyTable): one column per task present plus "Avg.",
    /// values to 2 decimals, centred.
    /// <code>
    /// +-------+-------+-------+-------+-------+--------------+-----------------+-------+
    /// | STS12 | STS13 | STS14 | STS15 | STS16 | STSBenchmark | SICKRelatedness |  Avg. |
    /// +-------+-------+-------+-------+-------+--------------+-----------------+-------+
    /// | 68.40 | 82.41 | 74.38 | 80.91 | 78.56 |    76.85     |      72.23      | 76.25 |
    /// +-------+-------+-------+-------+-------+--------------+-----------------+-------+
    /// </code>
    /// </summary>
    public string FormatTable()
    {
        var headers = Tasks.Select(t => t.Name).Append("Avg.").ToList();
        var values = Tasks.Select(t => Format(t.Spearman)).Append(Format(Average)).ToList();
        var widths = headers.Zip(values, (h, v) => Math.Max(h.Length, v.Length) + 2).ToList();
        var rule = "+" + string.Join("+", widths.Select(w => new string('-', w))) + "+";
        string Row(IReadOnlyList<string> cells) =>
            "|" + string.Join("|", cells.Select((c, i) => Centre(c, widths[i]))) + "|";
        return string.Join('\n', rule, Row(headers), rule, Row(values), rule);
    }

    static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Python's <c>"%.2f" % value</c>.</summary>
    static string Format(double value) =>
        double.IsNaN(value) ? "nan" : value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>PrettyTable's centring: odd slack goes right for odd-length text, left for even-length text.</summary>
    static string Centre(string text, int width)
    {
        int excess = width - text.Length, half = excess / 2;
        if (excess % 2 == 0) return new string(' ', half) + text + new string(' ', half);
        return text.Length % 2 == 1
            ? new string(' ', half) + text + new string(' ', half + 1)
            : new string(' ', half + 1) + text + new string(' ', half);
    }
}

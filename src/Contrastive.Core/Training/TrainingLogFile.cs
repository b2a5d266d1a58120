using System.Globalization;
using System.Text.Json;

namespace Contrastive.Core.Training;

/// <summary>
/// A <c>trainer_log.jsonl</c> read back (the file <see cref="Trainer{TBatch}"/> writes next to a run's models): the
/// loss of every step, every evaluation's metrics, and the steps per epoch the run had, so curves of several runs can
/// be drawn against steps or epochs.
/// </summary>
/// <param name="Path">The file read.</param>
/// <param name="Losses">One record per logged step, in file order.</param>
/// <param name="Evaluations">One record per evaluation, in file order.</param>
/// <param name="StepsPerEpoch">Steps per pass over the data (from the step lines' <c>epoch</c>), or null without step lines.</param>
public sealed record TrainingLogFile(string Path, IReadOnlyList<LossRecord> Losses, IReadOnlyList<EvaluationRecord> Evaluations,
                                     double? StepsPerEpoch)
{
    /// <summary>Reads <paramref name="path"/>, or the <c>trainer_log.jsonl</c> inside it when it is a folder.</summary>
    /// <exception cref="ContrastiveException">The file is missing, or a line is not a step or evaluation record (the
    /// message names the file and line).</exception>
    public static TrainingLogFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) path = System.IO.Path.Combine(path, TrainingLog.FileName);
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: no such training log (a run's output folder holds {TrainingLog.FileName}).");
        var losses = new List<LossRecord>();
        var evaluations = new List<EvaluationRecord>();
        double? stepsPerEpoch = null;
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                int step = root.GetProperty("step").GetInt32();
                if (root.TryGetProperty("eval", out var metrics))
                {
                    var values = new Dictionary<string, double>(StringComparer.Ordinal);
                    foreach (var metric in metrics.EnumerateObject()) values[metric.Name] = Number(metric.Value);
                    evaluations.Add(new EvaluationRecord(step, values));
                }
                else
                {
                    losses.Add(new LossRecord(step, Number(root.GetProperty("loss")), Number(root.GetProperty("learning_rate"))));
                    if (stepsPerEpoch is null && root.TryGetProperty("epoch", out var epoch) && Number(epoch) > 0) stepsPerEpoch = step / Number(epoch);
                }
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new ContrastiveException($"{path}:{number}: not a training-log line ({{\"step\", \"loss\", ...}} or {{\"step\", \"eval\": {{...}}}}): {e.Message}");
            }
        }
        return new TrainingLogFile(path, losses, evaluations, stepsPerEpoch);
    }

    /// <summary>Every metric name of the evaluations, in first-seen order.</summary>
    public IReadOnlyList<string> MetricNames => Evaluations.SelectMany(e => e.Metrics.Keys).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>A JSON number, or one of the named non-finite values the log writes ("NaN", "Infinity").</summary>
    static double Number(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : value.GetDouble();
}

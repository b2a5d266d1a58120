using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Contrastive.Core.Serialization;

namespace Contrastive.Core.Training;

/// <summary>
/// <c>trainer_log.jsonl</c>: one JSON object per line, <c>{"step", "epoch", "loss", "learning_rate"}</c> after each
/// step and <c>{"step", "eval": {metric: value}}</c> after each evaluation, for plotting. On resume the file is
/// rewritten from the checkpoint's histories, so steps run after that checkpoint by a killed run disappear.
/// </summary>
internal sealed class TrainingLog(string path, int stepsPerEpoch)
{
    public const string FileName = "trainer_log.jsonl";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Path { get; } = path;

    /// <summary>Replaces the file with the lines of <paramref name="state"/>'s histories (empty for a fresh run).</summary>
    public void Rewrite(TrainerState state)
    {
        var text = new StringBuilder();
        int e = 0;
        foreach (var loss in state.LossHistory)
        {
            text.Append(LossLine(loss));
            for (; e < state.EvalHistory.Count && state.EvalHistory[e].Step <= loss.Step; e++) text.Append(EvalLine(state.EvalHistory[e]));
        }
        for (; e < state.EvalHistory.Count; e++) text.Append(EvalLine(state.EvalHistory[e]));
        AtomicFile.WriteAllText(Path, text.ToString());
    }

    public void Append(LossRecord loss) => File.AppendAllText(Path, LossLine(loss));

    public void Append(EvaluationRecord evaluation) => File.AppendAllText(Path, EvalLine(evaluation));

    string LossLine(LossRecord r) =>
        JsonSerializer.Serialize(new { r.Step, Epoch = (double)r.Step / stepsPerEpoch, r.Loss, r.LearningRate }, Json) + "\n";

    static string EvalLine(EvaluationRecord r) => JsonSerializer.Serialize(new { r.Step, Eval = r.Metrics }, Json) + "\n";
}

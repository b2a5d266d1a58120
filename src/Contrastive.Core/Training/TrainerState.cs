using System.Text.Json;
using System.Text.Json.Serialization;

namespace Contrastive.Core.Training;

/// <summary>
/// The trainer's side of a checkpoint, stored as <c>trainer_state.json</c> (snake_case, like Hugging Face's file of
/// that name): the position, the best metric, the histories, the elapsed time, the global torch RNG state and the
/// options the run was started with. The position is <see cref="GlobalStep"/> steps done, i.e. the next batch is
/// batch <see cref="BatchInEpoch"/> of epoch <see cref="Epoch"/>'s permutation.
/// </summary>
public sealed class TrainerState
{
    public const string FileName = "trainer_state.json";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    /// <summary>Optimizer steps done.</summary>
    public int GlobalStep { get; set; }
    /// <summary>0-based epoch of the next batch.</summary>
    public int Epoch { get; set; }
    /// <summary>Index of the next batch in that epoch's permutation.</summary>
    public int BatchInEpoch { get; set; }
    public int StepsPerEpoch { get; set; }
    public int TotalSteps { get; set; }
    /// <summary>Examples in the data set the run was started on (resuming on another data set is refused).</summary>
    public int ExampleCount { get; set; }
    public double? BestMetric { get; set; }
    public int? BestStep { get; set; }
    public double ElapsedSeconds { get; set; }
    /// <summary>Base64 of <c>torch.get_rng_state()</c> (the global CPU generator: dropout and other sampling).</summary>
    public string RngState { get; set; } = "";
    public List<EvaluationRecord> EvalHistory { get; set; } = [];
    public List<LossRecord> LossHistory { get; set; } = [];
    public TrainingOptions Options { get; set; } = new();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads <c>trainer_state.json</c>; a missing, unreadable or inconsistent file throws a
    /// <see cref="ContrastiveException"/> naming it.</summary>
    public static TrainerState Load(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found; there is no checkpoint to resume.");
        TrainerState? state;
        try
        {
            state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new ContrastiveException($"{path}: not a valid trainer state: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ContrastiveException($"{path}: cannot be read: {e.Message}", e);
        }
        if (state is null) throw new ContrastiveException($"{path}: not a valid trainer state: the file holds null.");
        string? problem = state switch
        {
            { GlobalStep: < 0 } => $"global_step is {state.GlobalStep}",
            { StepsPerEpoch: < 1 } => $"steps_per_epoch is {state.StepsPerEpoch}",
            { TotalSteps: < 1 } => $"total_steps is {state.TotalSteps}",
            _ when state.Epoch != state.GlobalStep / state.StepsPerEpoch || state.BatchInEpoch != state.GlobalStep % state.StepsPerEpoch =>
                $"epoch {state.Epoch} and batch_in_epoch {state.BatchInEpoch} do not match global_step {state.GlobalStep}",
            _ when state.LossHistory.Count != state.GlobalStep =>
                $"loss_history has {state.LossHistory.Count} entries for {state.GlobalStep} steps",
            _ when state.RngState.Length == 0 => "rng_state is missing",
            _ => null,
        };
        if (problem is not null) throw new ContrastiveException($"{path}: not a valid trainer state: {problem}.");
        try
        {
            state.Options.Validate();
        }
        catch (ContrastiveException e)
        {
            throw new ContrastiveException($"{path}: not a valid trainer state: {e.Message}", e);
        }
        return state;
    }
}

using System.Text.Json.Serialization;

namespace Contrastive.Core.Training;

/// <summary>
/// Options of the <see cref="Trainer{TBatch}"/>, with the defaults of unsupervised SimCSE on BERT-base
/// (Gao et al., 2021: lr 3e-5, batch 64, 1 epoch, evaluation every 125 steps) and of the Hugging Face Trainer
/// (AdamW betas 0.9/0.999, eps 1e-8, gradient clipping at norm 1.0, no warm-up, no weight decay).
/// Call <see cref="Validate"/> (the trainer does) to check the values.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Peak learning rate of AdamW (reached after warm-up, then decayed linearly to 0).</summary>
    public double LearningRate { get; init; } = 3e-5;

    /// <summary>Examples per optimizer step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Passes over the data; ignored when <see cref="MaxSteps"/> is set.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Total optimizer steps; overrides <see cref="Epochs"/> (the data is then repeated as needed).</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Wall-clock budget, counted across resumes: training stops after the step that crosses it
    /// (then evaluates, checkpoints and saves as at a normal end). The learning-rate schedule is still planned on
    /// <see cref="Epochs"/>/<see cref="MaxSteps"/>, so a budget stop ends before the rate has decayed to 0.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Steps of linear warm-up from 0 to <see cref="LearningRate"/>.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Decoupled AdamW weight decay, applied to every parameter except biases and LayerNorm weights.</summary>
    public double WeightDecay { get; init; }

    public double AdamBeta1 { get; init; } = 0.9;
    public double AdamBeta2 { get; init; } = 0.999;
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>Clip the global L2 norm of the gradients to this value; null disables clipping.</summary>
    public double? MaxGradNorm { get; init; } = 1.0;

    /// <summary>Seeds the global torch generator (dropout, ...) and, with the epoch, the data order.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Evaluate every this many steps (and at the end) when an evaluation is given.</summary>
    public int EvalSteps { get; init; } = 125;

    /// <summary>Checkpoint every this many steps (and at the end); null means <see cref="EvalSteps"/>.</summary>
    public int? SaveSteps { get; init; }

    /// <summary>Name of the evaluation metric (higher is better) that selects the model saved to <c>best/</c>;
    /// null saves no best model during training (best is then the final model).</summary>
    public string? MetricForBestModel { get; init; }

    /// <summary>Drop the last incomplete batch of each epoch.</summary>
    public bool DropLast { get; init; }

    /// <summary>The learning-rate shape after warm-up: linear (default, as Hugging Face / SimCSE) or cosine (as SimCLR,
    /// MoCo v2, BYOL, SimSiam).</summary>
    public LearningRateSchedule LrSchedule { get; init; } = LearningRateSchedule.Linear;

    /// <summary>Stop when this many evaluations in a row have not improved <see cref="MetricForBestModel"/> (as
    /// RecBole's <c>stopping_step</c> and Hugging Face's EarlyStoppingCallback); null never stops early.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>On resume, accept a <see cref="LearningRate"/> that differs from the checkpoint's (every other difference
    /// in <see cref="ResumeDifferences"/> is refused). Not saved with the checkpoint.</summary>
    [JsonIgnore]
    public bool AllowChangedLearningRate { get; init; }

    /// <summary>The training method's own arguments (<see cref="TrainingSettings.Describe"/>), saved with the checkpoint
    /// and compared on resume like the options above; null: none recorded (a checkpoint written before they were).</summary>
    public IReadOnlyDictionary<string, string>? MethodSettings { get; init; }

    /// <summary>Folder of <c>checkpoint/</c>, <c>best/</c>, <c>final/</c> and <c>trainer_log.jsonl</c>.</summary>
    public string OutputDir { get; init; } = "output";

    /// <summary>The checkpoint interval in effect.</summary>
    [JsonIgnore]
    public int SaveInterval => SaveSteps ?? EvalSteps;

    /// <summary>Batches per epoch over <paramref name="count"/> examples: <c>count / BatchSize</c>, rounded up unless
    /// <see cref="DropLast"/>.</summary>
    public int StepsPerEpoch(int count) => DropLast ? count / BatchSize : (count + BatchSize - 1) / BatchSize;

    /// <summary>
    /// The options that differ between a checkpoint's run (<paramref name="saved"/>) and this one, as
    /// "name then -> now" phrases, in declaration order, then the <see cref="MethodSettings"/> that differ by name. The length of the run (<see cref="Epochs"/>,
    /// <see cref="MaxSteps"/>, <see cref="TimeBudget"/>) and <see cref="OutputDir"/> may change on resume and are not
    /// compared; neither is <see cref="LearningRate"/> when <see cref="AllowChangedLearningRate"/> is set.
    /// </summary>
    public IReadOnlyList<string> ResumeDifferences(TrainingOptions saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var differences = new List<string>();
        void Compare<T>(string name, T then, T now)
        {
            if (!EqualityComparer<T>.Default.Equals(then, now))
                differences.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} {then?.ToString() ?? "none"} -> {now?.ToString() ?? "none"}"));
        }
        if (!AllowChangedLearningRate) Compare("learning rate", saved.LearningRate, LearningRate);
        Compare("batch size", saved.BatchSize, BatchSize);
        Compare("seed", saved.Seed, Seed);
        Compare("warm-up steps", saved.WarmupSteps, WarmupSteps);
        Compare("weight decay", saved.WeightDecay, WeightDecay);
        Compare("Adam beta1", saved.AdamBeta1, AdamBeta1);
        Compare("Adam beta2", saved.AdamBeta2, AdamBeta2);
        Compare("Adam epsilon", saved.AdamEpsilon, AdamEpsilon);
        Compare("maximum gradient norm", saved.MaxGradNorm, MaxGradNorm);
        Compare("evaluation interval", saved.EvalSteps, EvalSteps);
        Compare("checkpoint interval", saved.SaveSteps, SaveSteps);
        Compare("metric for the best model", saved.MetricForBestModel, MetricForBestModel);
        Compare("DropLast", saved.DropLast, DropLast);
        Compare("learning-rate schedule", saved.LrSchedule, LrSchedule);
        Compare("early-stopping patience", saved.EarlyStoppingPatience, EarlyStoppingPatience);
        if (saved.MethodSettings is { } then && MethodSettings is { } now)
            foreach (var name in then.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
                Compare(name, then.GetValueOrDefault(name), now.GetValueOrDefault(name));
        return differences;
    }

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ContrastiveException(message);
        }
        Check(double.IsFinite(LearningRate) && LearningRate > 0, $"The learning rate must be a positive number, got {LearningRate}.");
        Check(BatchSize >= 1, $"The batch size must be at least 1, got {BatchSize}.");
        Check(Epochs >= 1, $"The number of epochs must be at least 1, got {Epochs}.");
        Check(MaxSteps is null or >= 1, $"The maximum number of steps must be at least 1, got {MaxSteps}.");
        Check(TimeBudget is null || TimeBudget > TimeSpan.Zero, $"The time budget must be positive, got {TimeBudget}.");
        Check(WarmupSteps >= 0, $"The number of warm-up steps must be 0 or more, got {WarmupSteps}.");
        Check(double.IsFinite(WeightDecay) && WeightDecay >= 0, $"The weight decay must be 0 or more, got {WeightDecay}.");
        Check(AdamBeta1 is >= 0 and < 1, $"Adam beta1 must be in [0, 1), got {AdamBeta1}.");
        Check(AdamBeta2 is >= 0 and < 1, $"Adam beta2 must be in [0, 1), got {AdamBeta2}.");
        Check(double.IsFinite(AdamEpsilon) && AdamEpsilon > 0, $"Adam epsilon must be positive, got {AdamEpsilon}.");
        Check(MaxGradNorm is null || (double.IsFinite(MaxGradNorm.Value) && MaxGradNorm > 0),
              $"The maximum gradient norm must be positive (or absent to disable clipping), got {MaxGradNorm}.");
        Check(EvalSteps >= 1, $"The evaluation interval must be at least 1 step, got {EvalSteps}.");
        Check(SaveSteps is null or >= 1, $"The checkpoint interval must be at least 1 step, got {SaveSteps}.");
        Check(MetricForBestModel is null || MetricForBestModel.Trim().Length > 0, "The metric for the best model must not be blank.");
        Check(EarlyStoppingPatience is null or >= 1, $"The early-stopping patience must be at least 1 evaluation, got {EarlyStoppingPatience}.");
        Check(EarlyStoppingPatience is null || MetricForBestModel is not null, "Early stopping needs a metric for the best model.");
        Check(Enum.IsDefined(LrSchedule), $"Unknown learning-rate schedule {LrSchedule}.");
        Check(!string.IsNullOrWhiteSpace(OutputDir), "The output folder must not be blank.");
    }
}

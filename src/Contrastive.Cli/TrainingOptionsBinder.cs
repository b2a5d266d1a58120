using System.CommandLine;
using System.Globalization;
using Contrastive.Core.Training;

namespace Contrastive.Cli;

/// <summary>
/// The trainer's options on the command line (<c>--batch-size --learning-rate --warmup-steps --weight-decay --epochs
/// --max-steps --time-budget --eval-steps --seed --resume</c>, and <c>--allow-changed</c> where asked), shared by the
/// training commands as <see cref="BertShapeOptions"/> is for shapes. Every default is read from the
/// <see cref="TrainingOptions"/> record the command passes (its method's paper values), never written here.
/// </summary>
public sealed class TrainingOptionsBinder
{
    readonly TrainingOptions _defaults;

    /// <param name="defaults">The method's training options; their values are the options' defaults.</param>
    /// <param name="examples">What one example of a batch is, e.g. "Sentences", "Pairs", "Images".</param>
    /// <param name="learningRateDefault">Describes a default the command computes (the learning rate is then
    /// optional and <see cref="Bind"/> takes it); null: <paramref name="defaults"/>' learning rate.</param>
    /// <param name="warmupDefault">Describes a warm-up the command computes when <c>--warmup-steps</c> is absent
    /// (<see cref="Warmup"/> is then null); null: <paramref name="defaults"/>' warm-up.</param>
    /// <param name="allowChanged">Whether to offer <c>--allow-changed</c> (a changed learning rate on resume).</param>
    /// <param name="evalSteps">Whether to offer <c>--eval-steps</c> (false where the command evaluates per epoch).</param>
    public TrainingOptionsBinder(TrainingOptions defaults, string examples, string? learningRateDefault = null,
                                 string? warmupDefault = null, bool allowChanged = true, bool evalSteps = true)
    {
        _defaults = defaults;
        string Value(double v) => v.ToString("0.#####", CultureInfo.InvariantCulture);
        BatchSize = new("--batch-size") { Description = $"{examples} per step.", DefaultValueFactory = _ => defaults.BatchSize };
        var schedule = defaults.LrSchedule == LearningRateSchedule.Cosine ? "cosine decay" : "linear decay";
        LearningRate = new("--learning-rate")
        {
            Description = $"Peak learning rate (AdamW, {schedule}). Default: {learningRateDefault ?? Value(defaults.LearningRate)}.",
        };
        WarmupSteps = new("--warmup-steps") { Description = $"Linear warm-up steps. Default: {warmupDefault ?? defaults.WarmupSteps.ToString(CultureInfo.InvariantCulture)}." };
        WeightDecay = new("--weight-decay") { Description = "AdamW weight decay (not on biases and LayerNorm).", DefaultValueFactory = _ => defaults.WeightDecay };
        Epochs = new("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => defaults.Epochs };
        MaxSteps = new("--max-steps") { Description = "Stop after this many steps (overrides --epochs)." };
        TimeBudget = new("--time-budget") { Description = "Stop after this much training time, e.g. 20m." };
        EvalSteps = evalSteps
            ? new("--eval-steps") { Description = "Evaluate (and checkpoint) every N steps.", DefaultValueFactory = _ => defaults.EvalSteps }
            : null;
        Seed = new("--seed") { Description = "Random seed.", DefaultValueFactory = _ => defaults.Seed };
        Resume = new("--resume") { Description = "Continue the run in --output-dir from its last checkpoint (same arguments; a difference is refused, naming it)." };
        AllowChanged = allowChanged
            ? new("--allow-changed") { Description = "With --resume: accept a --learning-rate that differs from the checkpoint's." }
            : null;
    }

    public Option<int> BatchSize { get; }
    public Option<double?> LearningRate { get; }
    public Option<int?> WarmupSteps { get; }
    public Option<double> WeightDecay { get; }
    public Option<int> Epochs { get; }
    public Option<int?> MaxSteps { get; }
    public Option<string?> TimeBudget { get; }
    public Option<int>? EvalSteps { get; }
    public Option<long> Seed { get; }
    public Option<bool> Resume { get; }
    public Option<bool>? AllowChanged { get; }

    public IEnumerable<Option> All =>
        new Option?[] { BatchSize, LearningRate, WarmupSteps, WeightDecay, Epochs, MaxSteps, TimeBudget, EvalSteps, Seed, Resume, AllowChanged }
            .OfType<Option>();

    /// <summary>The <c>--warmup-steps</c> given, or null when absent.</summary>
    public int? Warmup(ParseResult p) => p.GetValue(WarmupSteps);

    /// <summary>Whether <c>--resume</c> was given.</summary>
    public bool IsResume(ParseResult p) => p.GetValue(Resume);

    /// <summary>
    /// Runs <paramref name="train"/> (given the observer, <c>--resume</c> and the interrupt's token) with the progress
    /// display and plots (<see cref="TrainingDisplay"/>, plus <paramref name="more"/> observers) and Ctrl+C handling
    /// (<see cref="TrainingInterrupt.Run{T}"/>: the first finishes the step and checkpoints, the second stops at once).
    /// </summary>
    public T Run<T>(ParseResult p, Func<ITrainingObserver, bool, CancellationToken, T> train, params ITrainingObserver[] more) =>
        TrainingInterrupt.Run(p, ct => TrainingDisplay.Run(obs => train(obs, IsResume(p), ct), more));

    /// <summary>
    /// The defaults with the parsed values: the learning rate is <c>--learning-rate</c>, else
    /// <paramref name="learningRate"/>, else the defaults'; the warm-up <c>--warmup-steps</c>, else the defaults'.
    /// </summary>
    public TrainingOptions Bind(ParseResult p, string outputDir, double? learningRate = null) => _defaults with
    {
        OutputDir = outputDir,
        BatchSize = p.GetValue(BatchSize),
        LearningRate = p.GetValue(LearningRate) ?? learningRate ?? _defaults.LearningRate,
        WarmupSteps = p.GetValue(WarmupSteps) ?? _defaults.WarmupSteps,
        WeightDecay = p.GetValue(WeightDecay),
        Epochs = p.GetValue(Epochs),
        MaxSteps = p.GetValue(MaxSteps),
        TimeBudget = p.GetValue(TimeBudget) is { } b ? Duration.Parse(b, "--time-budget") : null,
        EvalSteps = EvalSteps is null ? _defaults.EvalSteps : p.GetValue(EvalSteps),
        Seed = p.GetValue(Seed),
        AllowChangedLearningRate = AllowChanged is not null && p.GetValue(AllowChanged),
    };
}

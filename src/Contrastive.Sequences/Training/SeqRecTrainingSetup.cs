using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Model;

namespace Contrastive.Sequences.Training;

/// <summary>Everything a SASRec/CL4SRec/CoSeRec/DuoRec run needs, the library form of <c>contrastive seqrec train</c>.</summary>
/// <param name="DataPath">The interaction file.</param>
/// <param name="Format">Its layout.</param>
/// <param name="Kind">SASRec, CL4SRec, CoSeRec or DuoRec.</param>
/// <param name="Shape">The encoder's shape (its <c>NumItems</c> is set from the data).</param>
/// <param name="Training">Trainer options; <c>MetricForBestModel</c> defaults to validation <c>ndcg@10</c>.</param>
/// <param name="KCore">Apply a k-core filter (users and items with at least k interactions); null: none.</param>
/// <param name="Cl4SRec">CL4SRec's augmentations and loss weight (used by CL4SRec only).</param>
/// <param name="EvalEpochs">Evaluate on the validation items (and checkpoint) every this many epochs; overrides
/// <c>Training.EvalSteps</c> when set.</param>
/// <param name="EvalBatchSize">Histories scored at once in evaluation.</param>
/// <param name="CoSeRec">CoSeRec's augmentations, correlations and loss (used by CoSeRec only).</param>
/// <param name="DuoRec">DuoRec's contrast, weights and temperature (used by DuoRec only).</param>
public sealed record SeqRecTrainingSetup(
    string DataPath,
    SequenceFormat Format,
    SeqRecModelKind Kind,
    SasRecConfig Shape,
    TrainingOptions Training,
    int? KCore = null,
    Cl4SRecOptions? Cl4SRec = null,
    int? EvalEpochs = 1,
    int EvalBatchSize = 512,
    CoSeRecOptions? CoSeRec = null,
    DuoRecOptions? DuoRec = null)
{
    /// <summary>
    /// RecBole's trainer settings for SASRec and its contrastive variants (<c>overall.yaml</c>, <c>SASRec.yaml</c>):
    /// Adam at 1e-3 without weight decay or warm-up, batch 256, up to 200 epochs with early stopping after 10
    /// evaluations without a better validation NDCG@10 (<c>stopping_step</c>), no gradient clipping.
    /// </summary>
    public static TrainingOptions DefaultTraining(string outputDir) => new()
    {
        OutputDir = outputDir,
        BatchSize = 256,
        LearningRate = 1e-3,
        Epochs = 200,
        MaxGradNorm = null,
        EarlyStoppingPatience = 10,
    };

    /// <summary>The options used: <see cref="Cl4SRec"/> or the paper's defaults.</summary>
    public Cl4SRecOptions Cl4SRecOptions => Cl4SRec ?? new Cl4SRecOptions();

    /// <summary>The options used: <see cref="CoSeRec"/> or the code's Beauty settings.</summary>
    public CoSeRecOptions CoSeRecOptions => CoSeRec ?? new CoSeRecOptions();

    /// <summary>The options used: <see cref="DuoRec"/> or the code's defaults.</summary>
    public DuoRecOptions DuoRecOptions => DuoRec ?? new DuoRecOptions();

    /// <summary><see cref="Training"/> with the best-model metric defaulted to <see cref="SeqRecTraining.BestMetric"/>.</summary>
    public TrainingOptions EffectiveTraining => Training with { MetricForBestModel = Training.MetricForBestModel ?? SeqRecTraining.BestMetric };

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    /// <summary>The arguments besides <c>Training</c> that change the run, saved with each checkpoint and compared on
    /// resume (<see cref="TrainingSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> ResumeSettings() => TrainingSettings.Describe(
        ("model", Kind), ("format", Format), ("k_core", KCore), ("shape", Shape),
        Kind switch
        {
            SeqRecModelKind.Cl4SRec => ("cl4srec", Cl4SRecOptions),
            SeqRecModelKind.CoSeRec => ("coserec", CoSeRecOptions),
            SeqRecModelKind.DuoRec => ("duorec", DuoRecOptions),
            _ => ("sasrec", null),
        });

    public SeqRecTrainingSetup Validate()
    {
        if (KCore is < 1) throw new ContrastiveException($"The k-core must be at least 1, got {KCore}.");
        if (EvalEpochs is < 1) throw new ContrastiveException($"The evaluation interval must be at least 1 epoch, got {EvalEpochs}.");
        if (EvalBatchSize < 1) throw new ContrastiveException($"The evaluation batch size must be at least 1, got {EvalBatchSize}.");
        (Shape with { NumItems = Math.Max(1, Shape.NumItems) }).Validate();
        Cl4SRecOptions.Validate();
        CoSeRecOptions.Validate();
        DuoRecOptions.Validate();
        EffectiveTraining.Validate();
        return this;
    }
}

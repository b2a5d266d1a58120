using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;

namespace Contrastive.Text.Sbert;

/// <summary>Everything an SBERT run needs, the library form of <c>contrastive sbert train</c>.</summary>
/// <param name="TrainFile">NLI: triplets CSV or a labelled TSV (<see cref="NliPairReader"/>); regression: STS-B train.</param>
/// <param name="ModelDir">A Hugging Face BERT folder to start from, or null for a new BERT of <paramref name="NewModel"/>'s shape over <paramref name="VocabPath"/>.</param>
/// <param name="EvalPath">STS data evaluated every <c>EvalSteps</c> (e.g. STS-B dev); the best model is kept.</param>
public sealed record SbertTrainingSetup(
    string TrainFile,
    TrainingOptions Training,
    SbertOptions Sbert,
    string? ModelDir = null,
    BertConfig? NewModel = null,
    string? VocabPath = null,
    string? EvalPath = null,
    int EvalBatchSize = 128)
{
    /// <summary>
    /// SBERT's trainer options (Reimers, Gurevych 2019, section 4: batch 16, Adam at 2e-5 with linear decay, 1 epoch
    /// on NLI; sentence-transformers' weight decay 0.01), evaluating every 250 steps. The warm-up (10% of the steps)
    /// depends on the data: <see cref="SbertTraining.DefaultWarmup"/>.
    /// </summary>
    public static TrainingOptions DefaultTraining(string outputDir) => new()
    {
        OutputDir = outputDir,
        BatchSize = 16,
        LearningRate = 2e-5,
        WeightDecay = 0.01,
        EvalSteps = 250,
    };

    /// <summary>The arguments besides <c>Training</c> that change the run, saved with each checkpoint and compared on
    /// resume (<see cref="TrainingSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> ResumeSettings() => TrainingSettings.Describe(
        ("sbert", Sbert), ("new_model", ModelDir is null ? NewModel : null));

    public SbertTrainingSetup Validate()
    {
        if (string.IsNullOrWhiteSpace(TrainFile)) throw new ContrastiveException("No training file was given.");
        if (ModelDir is null && VocabPath is null)
            throw new ContrastiveException("Give either a model folder to start from or a vocabulary (vocab.txt) for a new model.");
        Sbert.Validate();
        Training.Validate();
        return this;
    }
}

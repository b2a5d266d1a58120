using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;

namespace Contrastive.Text.SimCse;

/// <summary>
/// Everything a SimCSE run needs, the library form of <c>contrastive simcse train</c>.
/// </summary>
/// <param name="TrainFiles">Unsupervised: text files with one sentence per line (a <c>.tsv</c> line's last column).
/// Supervised: one CSV/TSV file of <c>sent0,sent1[,hard_neg]</c>.</param>
/// <param name="Supervised">Read <paramref name="TrainFiles"/> as NLI triplets.</param>
/// <param name="ModelDir">A Hugging Face BERT folder to start from; null to start from a randomly initialised BERT
/// of <paramref name="NewModel"/>'s shape with the vocabulary <paramref name="VocabPath"/>.</param>
/// <param name="EvalPath">STS data for evaluation every <c>EvalSteps</c> (usually STS-B dev); the best model by
/// <c>stsb_spearman</c> (or the average over the tasks found) is kept. Null: no evaluation.</param>
/// <param name="Dropout">Hidden and attention dropout for a model loaded from <paramref name="ModelDir"/> (SimCSE's
/// noise; the paper's ablation varies it); null keeps the model's own. A new model takes it from <paramref name="NewModel"/>.</param>
public sealed record SimCseTrainingSetup(
    IReadOnlyList<string> TrainFiles,
    TrainingOptions Training,
    SimCseOptions SimCse,
    bool Supervised = false,
    string? ModelDir = null,
    BertConfig? NewModel = null,
    string? VocabPath = null,
    string? EvalPath = null,
    int EvalBatchSize = 128,
    double? Dropout = null)
{
    /// <summary>The arguments besides <c>Training</c> that change the run, saved with each checkpoint and compared on
    /// resume (<see cref="TrainingSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> ResumeSettings() => TrainingSettings.Describe(
        ("simcse", SimCse), ("supervised", Supervised),
        ModelDir is null ? ("new_model", NewModel) : ("dropout", Dropout));

    public SimCseTrainingSetup Validate()
    {
        if (TrainFiles.Count == 0) throw new ContrastiveException("No training file was given.");
        if (Supervised && TrainFiles.Count != 1) throw new ContrastiveException("Supervised SimCSE reads exactly one CSV/TSV file.");
        if (ModelDir is null && VocabPath is null)
            throw new ContrastiveException("Give either a model folder to start from or a vocabulary (vocab.txt) for a new model.");
        SimCse.Validate();
        Training.Validate();
        if (Training.BatchSize < 2)
            throw new ContrastiveException(
                $"SimCSE needs a batch size of at least 2, got {Training.BatchSize}: the other sentences of the batch are the negatives, " +
                "so with one sentence the loss is 0 and nothing is learned (the paper uses 64).");
        return this;
    }
}

using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Pooling;

namespace Contrastive.Text.Distillation;

/// <summary>
/// Everything a distillation run needs, the library form of <c>contrastive distill</c>. The student is either a
/// subset of the teacher's layers (<paramref name="StudentLayers"/>, with the teacher's vocabulary) or a randomly
/// initialised BERT of shape <paramref name="NewStudent"/> (SimCLR v2's setting), with the teacher's vocabulary or
/// its own (<paramref name="VocabPath"/>, e.g. from <c>tokenizer train</c>).
/// </summary>
/// <param name="TeacherDir">The teacher's sentence-encoder folder (its own pooler is used).</param>
/// <param name="TrainFiles">Unlabeled text, one sentence a line (a <c>.tsv</c> line's last column).</param>
/// <param name="StudentLayers">Teacher layers copied into the student (e.g. 0, 2, 4), or null for a random student.</param>
/// <param name="NewStudent">The random student's shape (hidden, layers, heads, intermediate, dropout); its vocabulary
/// size and padding id come from the tokenizer. Null with <paramref name="StudentLayers"/>.</param>
/// <param name="VocabPath">The random student's own vocab.txt; null: the teacher's.</param>
/// <param name="Pooler">The student's pooler; null: the teacher's.</param>
/// <param name="EvalPath">STS data evaluated every <c>EvalSteps</c> (usually STS-B dev); the best student is kept.</param>
public sealed record DistillationTrainingSetup(
    string TeacherDir,
    IReadOnlyList<string> TrainFiles,
    TrainingOptions Training,
    DistillationOptions Distillation,
    IReadOnlyList<int>? StudentLayers = null,
    BertConfig? NewStudent = null,
    string? VocabPath = null,
    PoolerType? Pooler = null,
    string? EvalPath = null,
    int EvalBatchSize = 128)
{
    /// <summary>
    /// Trainer options for a student: AdamW at 1e-4 with linear decay (sentence-transformers' distillation example;
    /// a student starts far from its target, so it takes a larger rate than SimCSE's fine-tuning 3e-5), batch 64,
    /// 1 epoch, evaluation every 125 steps.
    /// </summary>
    public static TrainingOptions DefaultTraining(string outputDir) => new() { OutputDir = outputDir, LearningRate = 1e-4 };

    /// <summary>The arguments besides <c>Training</c> that change the run, saved with each checkpoint and compared on
    /// resume (<see cref="TrainingSettings"/>).</summary>
    public IReadOnlyDictionary<string, string> ResumeSettings() => TrainingSettings.Describe(
        ("distillation", Distillation), ("student_layers", StudentLayers), ("new_student", NewStudent), ("pooler", Pooler));

    public DistillationTrainingSetup Validate()
    {
        if (TrainFiles.Count == 0) throw new ContrastiveException("No training file was given.");
        if ((StudentLayers is null) == (NewStudent is null))
            throw new ContrastiveException("Give the student either as a subset of the teacher's layers or as the shape of a new model, not both.");
        if (StudentLayers is not null && VocabPath is not null)
            throw new ContrastiveException("A student made of the teacher's layers keeps the teacher's vocabulary; an own vocabulary needs a randomly initialised student.");
        Distillation.Validate();
        Training.Validate();
        return this;
    }
}

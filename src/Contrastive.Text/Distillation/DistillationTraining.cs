using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;
using Contrastive.Text.SimCse;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Distillation;

/// <summary>
/// Runs a distillation end to end: loads the teacher, computes (or reads back) its embeddings of the corpus, builds
/// the student, and trains it with the shared <see cref="Trainer{TBatch}"/> (evaluating on STS data, keeping the best
/// student, resumable).
/// <para>Widths: no projection layer is added. The MSE loss compares vectors, so the student's hidden size must equal
/// the teacher's embedding size (a layer subset always does; a random student is refused otherwise, with the fix in
/// the message); the <c>kl-similarity</c> loss compares similarity matrices and takes any width. The saved student is
/// therefore a plain encoder + pooler folder, usable wherever the teacher is.</para>
/// </summary>
public static class DistillationTraining
{
    public static TrainingResult Run(DistillationTrainingSetup setup, ITrainingObserver? observer = null,
                                     bool resume = false, CancellationToken ct = default)
    {
        setup.Validate();
        var options = setup.Distillation;
        using var generator = new Generator((ulong)setup.Training.Seed);
        Action<string> log = m => observer?.OnMessage(m);
        var teacherDir = ModelLocator.Resolve(setup.TeacherDir, log);
        var teacher = SentenceEncoderFolder.Load(teacherDir, maxSeqLength: options.MaxSeqLength, log: log);
        var sentences = SentenceCorpus.ReadLines(setup.TrainFiles);
        using var targets = TeacherEmbeddingCache.LoadOrCompute(setup.Training.OutputDir, teacherDir, teacher, sentences,
                                                                setup.EvalBatchSize, log);
        var pooler = setup.Pooler ?? teacher.Pipeline.SimCsePooler ?? throw new ContrastiveException(
                $"The teacher's pooling ({teacher.Pipeline.Describe()}) has no SimCSE pooler name; choose the student's with --pooler.");
        var (student, tokenizer) = CreateStudent(setup, teacher, generator);
        teacher.Bert.Dispose();
        int teacherWidth = (int)targets.shape[1];
        if (options.Loss == DistillationLossKind.Mse && student.Config.HiddenSize != teacherWidth)
            throw new ContrastiveException(
                $"--loss mse needs the student's hidden size ({student.Config.HiddenSize}) to equal the teacher's embedding size ({teacherWidth}); " +
                $"use --hidden-size {teacherWidth} or --loss kl-similarity.");
        observer?.OnMessage($"{sentences.Count:N0} sentences; student BERT {student.Config.NumHiddenLayers} layers x {student.Config.HiddenSize} " +
                            (setup.StudentLayers is { } layers ? $"(teacher layers {string.Join(",", layers)})" : "(random init)") +
                            $", vocabulary {tokenizer.VocabSize:N0}, pooler {pooler.ToName()}{(teacher.Pipeline.Normalize ? " + Normalize" : "")}, loss {options.Loss.ToName()}.");

        var method = new SentenceDistillation(student, tokenizer, pooler, options, normalize: teacher.Pipeline.Normalize);
        var source = new DistillationBatchSource(sentences, targets, tokenizer, options.MaxSeqLength);
        var (evaluate, training) = SimCseTraining.StsEvaluation(setup.EvalPath, method.CreateEncoder, setup.EvalBatchSize, setup.Training with { MethodSettings = setup.ResumeSettings() });
        return new Trainer<DistillationBatch>(method, source, training, evaluate, observer).Run(resume, ct);
    }

    static (BertModel, WordPieceTokenizer) CreateStudent(DistillationTrainingSetup setup, SentenceEncoder teacher, Generator generator)
    {
        if (setup.StudentLayers is { } layers)
            return (BertLayerSubset.Create(teacher.Bert, layers), teacher.Tokenizer);
        var tokenizer = setup.VocabPath is { } vocab ? WordPieceTokenizer.FromVocabFile(vocab) : teacher.Tokenizer;
        var config = setup.NewStudent! with
        {
            VocabSize = tokenizer.VocabSize,
            PadTokenId = tokenizer.PadId,
            MaxPositionEmbeddings = Math.Max(setup.NewStudent.MaxPositionEmbeddings, setup.Distillation.MaxSeqLength),
        };
        config.Validate();
        return (new BertModel(config, generator: generator), tokenizer);
    }
}

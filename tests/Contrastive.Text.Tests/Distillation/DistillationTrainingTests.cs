using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Distillation;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.SimCse;
using Contrastive.Text.Tests.SimCse;
using Contrastive.Text.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Distillation;

[Collection(GlobalRngCollection.Name)]
public class DistillationTrainingTests
{
    sealed class Recorder(Action<TrainingStatus>? afterStep = null) : ITrainingObserver
    {
        public List<double> Losses { get; } = [];
        public List<string> Messages { get; } = [];
        public void OnStep(TrainingStatus status) { Losses.Add(status.Loss); afterStep?.Invoke(status); }
        public void OnMessage(string message) => Messages.Add(message);
    }

    /// <summary>A 4-layer tiny teacher (mean pooling) saved in dir/teacher, a corpus and an STS-B dev file.</summary>
    static DistillationTrainingSetup Setup(TempDir dir, int maxSteps, DistillationLossKind loss = DistillationLossKind.Mse,
                                           IReadOnlyList<int>? layers = null, bool eval = false)
    {
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        using (var generator = new Generator(5))
        using (var teacher = new BertModel(TinyBert.Words.Config with { NumHiddenLayers = 4 }, generator: generator))
            SentenceEncoderFolder.Save(dir.File("teacher"), teacher, tokenizer,
                                       SentencePipeline.FromPooler(teacher, PoolerType.Avg, 32) with { Normalize = true });
        File.WriteAllLines(dir.File("corpus.txt"), TinyCorpus.Random(48, seed: 4, maxWords: 8));
        if (eval) TinyCorpus.StsBenchmark(dir, pairs: 16, seed: 8);
        return new DistillationTrainingSetup(
            TeacherDir: dir.File("teacher"),
            TrainFiles: [dir.File("corpus.txt")],
            Training: new TrainingOptions { OutputDir = dir.File("run"), BatchSize = 8, MaxSteps = maxSteps, LearningRate = 2e-3, EvalSteps = 5, Seed = 3 },
            Distillation: new DistillationOptions(loss, Temperature: 0.1, MaxSeqLength: 16),
            StudentLayers: layers,
            NewStudent: layers is null ? TinyBert.Words.Config with { NumHiddenLayers = 1 } : null,
            EvalPath: eval ? dir.File("sts-dev.csv") : null,
            EvalBatchSize: 8);
    }

    [Theory]
    [InlineData(DistillationLossKind.Mse)]
    [InlineData(DistillationLossKind.KlSimilarity)]
    public void Run_RandomStudent_LossDecreases(DistillationLossKind loss)
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var recorder = new Recorder();

        var result = DistillationTraining.Run(Setup(dir, maxSteps: 60, loss), recorder);

        Assert.Equal(60, result.Steps);
        double first = recorder.Losses.Take(6).Average(), last = recorder.Losses.TakeLast(6).Average();
        Assert.True(last < 0.5 * first, $"{loss.ToName()} loss went from {first:G4} (first 6 steps) to {last:G4} (last 6)");
    }

    [Fact]
    public void Run_LayerSubsetWithEvaluation_SavesAStudentOfTheChosenLayersWithTheTeachersPooler()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var recorder = new Recorder();

        var result = DistillationTraining.Run(Setup(dir, maxSteps: 10, layers: [0, 2], eval: true), recorder);

        Assert.NotNull(result.BestStep);
        var student = SentenceEncoderFolder.Load(result.BestDir);
        Assert.Equal(2, student.Bert.Config.NumHiddenLayers);
        Assert.Equal(PoolerType.Avg, student.Pipeline.SimCsePooler);
        Assert.True(student.Pipeline.Normalize);   // as the teacher's pipeline
        Assert.Equal(16, student.MaxSeqLength);
        Assert.Contains(recorder.Messages, m => m.Contains("teacher layers 0,2"));
        Assert.True(File.Exists(Path.Combine(dir.File("run"), TeacherEmbeddingCache.FileName)));
    }

    [Fact]
    public void Run_CancelledAndResumed_BitwiseEqualsUninterrupted()
    {
        using var threads = new TorchThreadLimit(1);
        using var whole = new TempDir();
        using var parts = new TempDir();
        DistillationTraining.Run(Setup(whole, maxSteps: 8) with { });

        var setup = Setup(parts, maxSteps: 8);
        using var cts = new CancellationTokenSource();
        var stopper = new Recorder(s => { if (s.Step == 3) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => DistillationTraining.Run(setup, stopper, ct: cts.Token));
        using (var rng = torch.randn(5)) { }   // the global generator moves on in between
        var resumed = new Recorder();
        var result = DistillationTraining.Run(setup, resumed, resume: true);

        Assert.Equal(8, result.Steps);
        Assert.Contains(resumed.Messages, m => m.Contains("read from"));   // the teacher's embeddings were not recomputed
        var a = File.ReadAllBytes(Path.Combine(whole.File("run"), "final", "model.safetensors"));
        var b = File.ReadAllBytes(Path.Combine(parts.File("run"), "final", "model.safetensors"));
        Assert.True(a.AsSpan().SequenceEqual(b), "the resumed student differs from the uninterrupted one");
    }

    [Fact]
    public void LoadOrCompute_OtherCorpus_Recomputes()
    {
        using var dir = new TempDir();
        var setup = Setup(dir, maxSteps: 1);
        var teacher = SentenceEncoderFolder.Load(setup.TeacherDir);
        var messages = new List<string>();
        string[] first = ["a man plays the guitar .", "the dog runs ."], second = ["a man plays the guitar .", "the cat runs ."];

        using var e1 = TeacherEmbeddingCache.LoadOrCompute(dir.File("out"), setup.TeacherDir, teacher, first, report: messages.Add);
        using var e2 = TeacherEmbeddingCache.LoadOrCompute(dir.File("out"), setup.TeacherDir, teacher, first, report: messages.Add);
        using var e3 = TeacherEmbeddingCache.LoadOrCompute(dir.File("out"), setup.TeacherDir, teacher, second, report: messages.Add);

        Assert.True(e1.eq(e2).all().item<bool>());
        Assert.Equal(ScalarType.Float32, e2.dtype);
        Assert.Contains(messages, m => m.Contains("read from"));
        Assert.Contains(messages, m => m.Contains("recomputing"));
        Assert.True(e1[0].eq(e3[0]).all().item<bool>());
        Assert.False(e1[1].eq(e3[1]).all().item<bool>());
        Assert.True(e1.allclose(teacher.Encode(first)));
    }

    [Fact]
    public void Run_MseStudentOfAnotherWidth_ThrowsContrastiveExceptionNamingTheFix()
    {
        using var dir = new TempDir();
        var setup = Setup(dir, maxSteps: 1);
        setup = setup with { NewStudent = setup.NewStudent! with { HiddenSize = 16, IntermediateSize = 32 } };

        var e = Assert.Throws<ContrastiveException>(() => DistillationTraining.Run(setup));
        Assert.Contains("--hidden-size 32 or --loss kl-similarity", e.Message);
    }

    [Fact]
    public void Run_KlSimilarityNarrowStudentWithOwnVocabulary_TrainsAndSavesTheOwnVocabulary()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var setup = Setup(dir, maxSteps: 2, DistillationLossKind.KlSimilarity);
        File.WriteAllLines(dir.File("own-vocab.txt"), TinyVocabulary.Words.Tokens.Take(20));
        setup = setup with { NewStudent = setup.NewStudent! with { HiddenSize = 16, IntermediateSize = 32 }, VocabPath = dir.File("own-vocab.txt") };

        var result = DistillationTraining.Run(setup);

        var student = SentenceEncoderFolder.Load(result.FinalDir);
        Assert.Equal(16, student.Dimension);
        Assert.Equal(20, student.Tokenizer.VocabSize);
    }

    [Fact]
    public void Validate_LayerSubsetWithOwnVocabulary_ThrowsContrastiveException()
    {
        using var dir = new TempDir();
        var setup = Setup(dir, maxSteps: 1, layers: [0]) with { VocabPath = dir.File("vocab.txt") };
        var e = Assert.Throws<ContrastiveException>(() => DistillationTraining.Run(setup));
        Assert.Contains("teacher's vocabulary", e.Message);
    }
}

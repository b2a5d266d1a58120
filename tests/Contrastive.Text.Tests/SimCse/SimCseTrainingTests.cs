using Contrastive.Core;
using Contrastive.Core.Training;
using Contrastive.Text.Evaluation;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.SimCse;
using TorchSharp;

namespace Contrastive.Text.Tests.SimCse;

[Collection(GlobalRngCollection.Name)]
public class SimCseTrainingTests
{
    /// <summary>Calls <see cref="AfterStep"/> after each step; keeps the evaluations.</summary>
    sealed class StepObserver : ITrainingObserver
    {
        public Action<TrainingStatus>? AfterStep { get; init; }
        public List<(int Step, IReadOnlyDictionary<string, double> Metrics)> Evaluations { get; } = [];
        public void OnStep(TrainingStatus status) => AfterStep?.Invoke(status);
        public void OnEvaluation(int step, IReadOnlyDictionary<string, double> metrics) => Evaluations.Add((step, metrics));
    }

    /// <summary>Passes every message on.</summary>
    sealed class MessageObserver(Action<string> onMessage) : ITrainingObserver
    {
        public void OnMessage(string message) => onMessage(message);
    }

    /// <summary>vocab.txt, a corpus of <paramref name="sentences"/> lines and an STS-B dev file in <paramref name="dir"/>.</summary>
    static SimCseTrainingSetup Setup(TempDir dir, int sentences, int maxSteps, bool eval = true, SimCseOptions? simCse = null,
                                     int evalSteps = 5, int maxWords = 12)
    {
        TinyVocabulary.Words.Tokenizer(dir);
        File.WriteAllLines(dir.File("corpus.txt"), TinyCorpus.Random(sentences, seed: 4, maxWords: maxWords));
        if (eval) TinyCorpus.StsBenchmark(dir, pairs: 16, seed: 8);
        return new SimCseTrainingSetup(
            TrainFiles: [dir.File("corpus.txt")],
            Training: new TrainingOptions { OutputDir = dir.File("run"), BatchSize = 8, MaxSteps = maxSteps, LearningRate = 1e-3, EvalSteps = evalSteps, Seed = 11 },
            SimCse: simCse ?? new SimCseOptions(),
            NewModel: (TinyBert.Words with { Dropout = 0.1 }).Config,
            VocabPath: dir.File("vocab.txt"),
            EvalPath: eval ? dir.File("sts-dev.csv") : null,
            EvalBatchSize: 8);
    }

    [Fact]
    public void Run_200StepsWithEvaluationAndCheckpoints_LiveTensorCountStaysFlat()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var live = new List<long>();
        var observer = new StepObserver { AfterStep = _ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount) };
        var setup = Setup(dir, sentences: 40, maxSteps: 200, evalSteps: 50, maxWords: 6) with { SimCse = new SimCseOptions(DoMlm: true) };
        setup = setup with { Training = setup.Training with { BatchSize = 4 } };

        var result = SimCseTraining.Run(setup, observer);

        Assert.Equal(200, result.Steps);
        Assert.Equal(4, observer.Evaluations.Count);
        Assert.Equal(200, live.Count);
        var afterWarmUp = live.Skip(51).ToList();   // after the first evaluation and checkpoint
        Assert.True(afterWarmUp.Max() == afterWarmUp.Min(), $"live tensors went from {afterWarmUp.Min()} to {afterWarmUp.Max()}");
    }

    [Fact]
    public void Run_NewModelWithStsBenchmarkDev_EvaluatesAndKeepsBestByStsbSpearman()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var observer = new StepObserver();

        var result = SimCseTraining.Run(Setup(dir, sentences: 24, maxSteps: 10), observer);

        Assert.Equal((10, 10), (result.Steps, result.TotalSteps));
        Assert.Equal([5, 10], observer.Evaluations.Select(e => e.Step));
        Assert.All(observer.Evaluations, e =>
        {
            Assert.Contains(SimCseTraining.StsbSpearman, e.Metrics.Keys);
            Assert.Contains("avg", e.Metrics.Keys);
            Assert.Contains("alignment", e.Metrics.Keys);
            Assert.Contains("uniformity", e.Metrics.Keys);
        });
        Assert.NotNull(result.BestStep);
        Assert.Equal(observer.Evaluations.Max(e => e.Metrics[SimCseTraining.StsbSpearman]), result.BestMetric);
        var encoder = SentenceEncoderFolder.Load(result.BestDir);
        Assert.Equal(PoolerType.Cls, encoder.Pipeline.SimCsePooler);
        Assert.Equal(32, encoder.Dimension);
        Assert.True(File.Exists(Path.Combine(result.FinalDir, "model.safetensors")));
    }

    [Fact]
    public void Run_SameSetupTwiceWithMlm_BitwiseIdenticalModels()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir1 = new TempDir();
        using var dir2 = new TempDir();
        var mlm = new SimCseOptions(DoMlm: true);

        SimCseTraining.Run(Setup(dir1, sentences: 16, maxSteps: 4, eval: false, simCse: mlm));
        using (var rng = torch.randn(3)) { }   // the global generator moves on between the runs
        SimCseTraining.Run(Setup(dir2, sentences: 16, maxSteps: 4, eval: false, simCse: mlm));

        foreach (var file in new[] { "final/model.safetensors", "checkpoint/model.safetensors" })
            Assert.True(File.ReadAllBytes(Path.Combine(dir1.Path, "run", file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir2.Path, "run", file))),
                        $"{file} differs between two runs with the same seed");
    }

    [Fact]
    public void Run_SupervisedTriplets_TrainsOnThreeViews()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var setup = Setup(dir, sentences: 8, maxSteps: 3, eval: false);
        File.WriteAllLines(dir.File("nli.csv"),
        [
            "sent0,sent1,hard_neg",
            "a man plays the guitar .,a man is playing a guitar .,a woman reads a book .",
            "the dog runs in the park .,a dog is running .,the cat is on the street .",
            "\"a child reads, a book\",a child is reading .,a man runs .",
        ]);
        string? message = null;
        var observer = new MessageObserver(m => message ??= m);

        var result = SimCseTraining.Run(setup with { TrainFiles = [dir.File("nli.csv")], Supervised = true }, observer);

        Assert.Equal(3, result.Steps);
        Assert.StartsWith("3 training examples (3 sentences each)", message);
    }

    [Fact]
    public void Metrics_StsResult_SpearmanPerTaskAverageAlignmentUniformity()
    {
        var result = new StsEvaluationResult(
            [new StsTaskResult("STS12", 70.0, 70.5, 71.0, 100, []), new StsTaskResult(StsSuite.StsBenchmark, 80.0, 80.0, 81.0, 50, [])],
            75.0, 0.3, -2.1);

        var metrics = SimCseTraining.Metrics(result);

        Assert.Equal(new Dictionary<string, double>
        {
            ["sts12_spearman"] = 70.0, [SimCseTraining.StsbSpearman] = 80.0, ["avg"] = 75.0, ["alignment"] = 0.3, ["uniformity"] = -2.1,
        }, metrics);
    }

    [Fact]
    public void Run_NeitherModelNorVocabulary_ThrowsContrastiveException()
    {
        using var dir = new TempDir();
        var setup = Setup(dir, sentences: 8, maxSteps: 3, eval: false) with { VocabPath = null };

        var e = Assert.Throws<ContrastiveException>(() => SimCseTraining.Run(setup));
        Assert.Contains("vocab", e.Message);
    }

    [Fact]
    public void Run_SupervisedWithTwoFiles_ThrowsContrastiveException()
    {
        using var dir = new TempDir();
        var setup = Setup(dir, sentences: 8, maxSteps: 3, eval: false);

        Assert.Throws<ContrastiveException>(() =>
            SimCseTraining.Run(setup with { Supervised = true, TrainFiles = [dir.File("corpus.txt"), dir.File("corpus.txt")] }));
    }

    [Fact]
    public void EvaluateWithCollapseCheck_CollapsedEncoder_WarnsAndLogsTheRelativeStd()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var bert = TinyBert.Words.Model();
        using (torch.no_grad())
            foreach (var (name, p) in bert.named_parameters())
                if (name.StartsWith("embeddings.") && name.EndsWith("embeddings.weight")) p.zero_();   // every input looks the same
        bert.eval();
        TinyCorpus.StsBenchmark(dir, pairs: 16, seed: 8);
        var messages = new List<string>();

        var metrics = SimCseTraining.EvaluateWithCollapseCheck(StsSuite.Load(dir.File("sts-dev.csv")),
            new SentenceEncoder(bert, tokenizer, PoolerType.Avg), 8, new MessageObserver(messages.Add));

        Assert.True(metrics[Core.Evaluation.CollapseWarning.Metric] < 1e-3, $"relative std {metrics[Core.Evaluation.CollapseWarning.Metric]}");
        Assert.Contains(messages, m => m.StartsWith("warning: the embeddings are collapsing"));
    }

    [Fact]
    public void EvaluateWithCollapseCheck_RandomEncoder_NoWarning()
    {
        using var dir = new TempDir();
        var bert = TinyBert.Words.Model();
        bert.eval();
        TinyCorpus.StsBenchmark(dir, pairs: 16, seed: 8);
        var messages = new List<string>();

        var metrics = SimCseTraining.EvaluateWithCollapseCheck(StsSuite.Load(dir.File("sts-dev.csv")),
            new SentenceEncoder(bert, TinyVocabulary.Words.Tokenizer(dir), PoolerType.Avg), 8, new MessageObserver(messages.Add));

        Assert.True(metrics[Core.Evaluation.CollapseWarning.Metric] > Core.Evaluation.CollapseWarning.Threshold);
        Assert.Empty(messages);
    }

    [Fact]
    public void Run_BatchSizeOne_ThrowsNamingTheMissingNegatives()
    {
        using var dir = new TempDir();
        var setup = Setup(dir, sentences: 8, maxSteps: 3, eval: false);

        var e = Assert.Throws<ContrastiveException>(() => SimCseTraining.Run(setup with { Training = setup.Training with { BatchSize = 1 } }));
        Assert.Contains("negatives", e.Message);
    }

    [Fact]
    public void Run_VocabularyLargerThanTheModel_ThrowsNamingBothSizes()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var small = new Contrastive.Text.Bert.BertModel(TinyBert.Words.Config with { VocabSize = tokenizer.VocabSize - 4 });

        var e = Assert.Throws<ContrastiveException>(() => new SentenceEncoder(small, tokenizer, PoolerType.Cls));
        Assert.Contains($"{tokenizer.VocabSize} tokens", e.Message);
        Assert.Contains($"is {tokenizer.VocabSize - 4}", e.Message);
        Assert.Throws<ContrastiveException>(() => new Contrastive.Text.SimCse.SimCse(small, tokenizer, new SimCseOptions()));
    }
}

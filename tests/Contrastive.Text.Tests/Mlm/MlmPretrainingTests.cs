using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Mlm;
using Contrastive.Text.Models;
using Contrastive.Text.Tests.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Mlm;

[Collection(MlmTrainingCollection.Name)]
public class MlmPretrainingTests
{
    /// <summary>60 sentences (the last 4 held out), a new tiny BERT, batch 8, evaluation every 5 steps.</summary>
    static MlmPretrainingSetup Setup(TempDir dir, string output, int maxSteps, int? heldOut = 4) =>
        new(CorpusFiles: [TinyCorpus.Write(dir, "corpus.txt", TinyCorpus.Grammar(60))],
            Training: FastMlmTraining.Options(dir.File(output), maxSteps),
            Mlm: new MlmOptions { MaxSeqLength = 16 },
            NewModel: TinyBert.Grammar.Config,
            VocabPath: TinyVocabulary.Grammar.Write(dir),
            HeldOutSentences: heldOut);

    [Fact]
    public void Run_TenStepsStraight_EqualsSixThenResumedToTen_BitwiseSameWeights()
    {
        using var dir = new TempDir();
        var straight = MlmPretraining.Run(Setup(dir, "a", 10));

        using var cts = new CancellationTokenSource();
        var canceller = new MlmRecordingObserver { AfterStep = s => { if (s.Step == 6) cts.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => MlmPretraining.Run(Setup(dir, "b", 10), canceller, ct: cts.Token));
        var observer = new MlmRecordingObserver();
        var resumed = MlmPretraining.Run(Setup(dir, "b", 10), observer, resume: true);

        Assert.Equal(7, observer.Steps[0].Step);
        Assert.Contains(observer.Messages, m => m.Contains("Resuming from step 6"));
        Assert.Equal(straight.Losses, resumed.Losses);
        TestTensors.AssertSame(TestTensors.Weights(straight.FinalDir), TestTensors.Weights(resumed.FinalDir));
        TestTensors.AssertSame(TestTensors.Weights(straight.BestDir), TestTensors.Weights(resumed.BestDir));
        Assert.Equal(straight.Evaluations.Select(e => e.Metrics["mlm_loss"]), resumed.Evaluations.Select(e => e.Metrics["mlm_loss"]));
    }

    [Fact]
    public void Run_WithHeldOut_EvaluatesMlmMetricsAndKeepsTheBestByAccuracy()
    {
        using var dir = new TempDir();
        var result = MlmPretraining.Run(Setup(dir, "out", 10));

        Assert.Equal([5, 10], result.Evaluations.Select(e => e.Step));
        Assert.All(result.Evaluations, e => Assert.Equal(["mlm_accuracy", "mlm_loss"], e.Metrics.Keys.Order()));
        var best = result.Evaluations.MaxBy(e => e.Metrics["mlm_accuracy"])!;   // first of equal values: ties keep the earlier model
        Assert.Equal(best.Step, result.BestStep);
        Assert.Equal(best.Metrics["mlm_accuracy"], result.BestMetric);

        // The best folder scores the best metric again on the held-out sentences (same fixed masks).
        var heldOut = TinyCorpus.Write(dir, "heldout.txt", TinyCorpus.Grammar(60)[^4..]);
        Assert.Equal(result.BestMetric!.Value, MlmEvaluator.EvaluateFolder(result.BestDir, [heldOut]).Accuracy, 10);
        Assert.NotNull(SentenceEncoderFolder.Load(result.FinalDir));
    }

    [Fact]
    public void Run_NoHeldOut_NoEvaluationAndBestIsFinal()
    {
        using var dir = new TempDir();
        var result = MlmPretraining.Run(Setup(dir, "out", 3, heldOut: 0));
        Assert.Empty(result.Evaluations);
        Assert.Null(result.BestMetric);
        TestTensors.AssertSame(TestTensors.Weights(result.FinalDir), TestTensors.Weights(result.BestDir));
    }

    [Fact]
    public void Run_DefaultWarmupRatio_WarmsUpOverTenPercentOfThePlannedSteps()
    {
        using var dir = new TempDir();
        var setup = Setup(dir, "out", 20, heldOut: 0);
        var result = MlmPretraining.Run(setup);
        double peak = setup.Training.LearningRate;
        // 2 warm-up steps: 0, peak/2, then the linear decay from the peak over the remaining 18 steps.
        Assert.Equal(0.0, result.Losses[0].LearningRate);
        Assert.Equal(peak / 2, result.Losses[1].LearningRate, 12);
        Assert.Equal(peak, result.Losses[2].LearningRate, 12);
        Assert.Equal(peak / 18, result.Losses[19].LearningRate, 12);
    }

    [Fact]
    public void CreateModel_NewModel_TakesVocabularySizeAndPadIdFromTheVocabulary()
    {
        using var dir = new TempDir();
        var (model, tokenizer) = MlmPretraining.CreateModel(Setup(dir, "out", 1));
        using (model)
        {
            Assert.Equal(TinyVocabulary.Grammar.Size, model.Config.VocabSize);
            Assert.Equal(tokenizer.PadId, model.Config.PadTokenId);
            Assert.Equal(TinyBert.Grammar.Config.HiddenSize, model.Config.HiddenSize);
            Assert.NotNull(model.bert.pooler);
        }
    }

    [Fact]
    public void CreateModel_FromEncoderOnlyFolder_KeepsItsWeightsAndInitialisesTheHead()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        var folder = dir.File("encoder");
        var config = TinyBert.Grammar.Config with { VocabSize = tokenizer.VocabSize };
        using var encoder = new BertModel(config, generator: new Generator(9, CPU));
        HuggingFaceBertFolder.Save(folder, encoder);
        tokenizer.SaveTo(folder);

        var observer = new MlmRecordingObserver();
        var setup = Setup(dir, "out", 1) with { ModelDir = folder, VocabPath = null };
        var (model, _) = MlmPretraining.CreateModel(setup, observer);
        using (model)
        {
            Assert.True(TestTensors.Same(encoder.embeddings.word_embeddings.weight!, model.bert.embeddings.word_embeddings.weight!));
            Assert.True(TestTensors.Same(encoder.pooler!.dense.weight!, model.bert.pooler!.dense.weight!));
            Assert.Contains(observer.Messages, m => m.Contains("no MLM head"));
        }
    }

    [Fact]
    public void CreateModel_FolderMissingAnEncoderWeight_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        var folder = dir.File("broken");
        using var model = TinyBert.Grammar.MaskedLM();
        var state = model.state_dict().Where(kv => kv.Key != "bert.embeddings.LayerNorm.weight").ToDictionary();
        Directory.CreateDirectory(folder);
        Core.Serialization.SafeTensors.Save(Path.Combine(folder, "model.safetensors"), state);
        model.Config.Save(Path.Combine(folder, "config.json"));
        tokenizer.SaveTo(folder);

        var e = Assert.Throws<ContrastiveException>(() => MlmPretraining.CreateModel(Setup(dir, "out", 1) with { ModelDir = folder, VocabPath = null }));
        Assert.Contains("bert.embeddings.LayerNorm.weight", e.Message);
    }
}

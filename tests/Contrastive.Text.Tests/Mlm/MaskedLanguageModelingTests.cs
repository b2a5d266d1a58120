using System.Text.Json.Nodes;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Mlm;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tests.Bert;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Mlm;

[Collection(MlmTrainingCollection.Name)]
public class MaskedLanguageModelingTests
{
    static MlmBatch Batch(WordPieceTokenizer tokenizer, int count = 8) =>
        new MlmBatchSource(TinyCorpus.Grammar(count), tokenizer, 64).GetBatch(Enumerable.Range(0, count).ToArray());

    [Fact]
    public void Trainer_Overfit16SentencesFor30Steps_LossFallsAndAccuracyRises()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        var method = new MaskedLanguageModeling(model, tokenizer);
        var sentences = TinyCorpus.Grammar(16);
        var evaluator = new MlmEvaluator(sentences, tokenizer);   // the training sentences themselves: overfitting
        var before = evaluator.Evaluate(model);

        var options = FastMlmTraining.Options(dir.File("out"), 30) with { BatchSize = 16, LearningRate = 5e-3, WarmupSteps = 3 };
        var result = new Trainer<MlmBatch>(method, new MlmBatchSource(sentences, tokenizer, 64), options).Run();
        var after = evaluator.Evaluate(model);

        double firstLosses = result.Losses.Take(5).Average(l => l.Loss), lastLosses = result.Losses.TakeLast(5).Average(l => l.Loss);
        Assert.True(lastLosses < 0.7 * firstLosses, $"training loss {firstLosses:F3} -> {lastLosses:F3}");
        Assert.True(after.Loss < 0.7 * before.Loss, $"held-in loss {before.Loss:F3} -> {after.Loss:F3}");
        Assert.True(after.Accuracy > before.Accuracy + 20, $"accuracy {before.Accuracy:F1} -> {after.Accuracy:F1}");
    }

    [Fact]
    public void ComputeLoss_SameGlobalSeed_BitwiseSameLoss_OtherSeedOtherLoss()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        var method = new MaskedLanguageModeling(model, tokenizer);
        model.train();
        using var batch = Batch(tokenizer).Tokens;
        double Loss(long seed)
        {
            manual_seed(seed);
            using var scope = NewDisposeScope();
            return method.ComputeLoss(new MlmBatch(batch)).item<float>();
        }
        Assert.Equal(Loss(5), Loss(5));
        Assert.NotEqual(Loss(5), Loss(6));
    }

    [Fact]
    public void ComputeLoss_IsTheMlmCrossEntropyOfAMaskDrawnFromTheGlobalGenerator()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        model.bert.eval();   // no dropout: the loss then depends only on the mask
        var method = new MaskedLanguageModeling(model, tokenizer);
        using var scope = NewDisposeScope();
        var tokens = Batch(tokenizer).Tokens;

        manual_seed(11);
        var loss = method.ComputeLoss(new MlmBatch(tokens));

        // The same draw by hand: one int64 from the global generator seeds the masking generator.
        manual_seed(11);
        var seed = randint(long.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
        var (ids, labels) = new MlmMasker(tokenizer).Mask(tokens.InputIds, tokens.AttentionMask, new Generator((ulong)seed));
        var logits = model.Forward(ids, tokens.AttentionMask);                                  // (B, T, V)
        var expected = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), labels.reshape(-1));   // ignore_index -100
        Assert.Equal(expected.item<float>(), loss.item<float>(), 5);
    }

    [Fact]
    public void Constructor_FreezesThePooler_TrainingLeavesItUnchanged()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        var pooler = model.bert.pooler!.dense.weight!.detach().clone();
        var embeddings = model.bert.embeddings.word_embeddings.weight!.detach().clone();
        var method = new MaskedLanguageModeling(model, tokenizer);
        Assert.All(model.bert.pooler!.parameters(), p => Assert.False(p.requires_grad));
        Assert.DoesNotContain(AdamWFactory.TrainableParameters(model), p => p.Name.Contains("pooler"));

        new Trainer<MlmBatch>(method, new MlmBatchSource(TinyCorpus.Grammar(16), tokenizer, 64), FastMlmTraining.Options(dir.File("out"), 3)).Run();

        Assert.True(TestTensors.Same(pooler, model.bert.pooler!.dense.weight!));
        Assert.False(TestTensors.Same(embeddings, model.bert.embeddings.word_embeddings.weight!));
    }

    [Fact]
    public void Constructor_ModelWithoutPooler_ThrowsPointingToNewModel()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = new BertForMaskedLM(TinyBert.Grammar.Config with { VocabSize = tokenizer.VocabSize });
        var e = Assert.Throws<ArgumentException>(() => new MaskedLanguageModeling(model, tokenizer));
        Assert.Contains("NewModel", e.Message);
    }

    [Fact]
    public void Constructor_TokenizerLargerThanModelVocabulary_Throws()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = MaskedLanguageModeling.NewModel(TinyBert.Grammar.Config with { VocabSize = 10 });
        var e = Assert.Throws<Core.ContrastiveException>(() => new MaskedLanguageModeling(model, tokenizer));
        Assert.Contains($"{tokenizer.VocabSize}", e.Message);
    }

    [Fact]
    public void SaveModel_ReloadsAsMaskedLm_IdenticalLogitsAndTiedDecoder()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM(seed: 3);
        model.eval();
        var folder = dir.File("model");
        new MaskedLanguageModeling(model, tokenizer).SaveModel(folder);

        using var loaded = HuggingFaceBertFolder.LoadMaskedLm(folder);
        loaded.eval();
        using var scope = NewDisposeScope();
        using var batch = Batch(tokenizer).Tokens;
        Assert.True(TestTensors.Same(model.Forward(batch.InputIds, batch.AttentionMask), loaded.Forward(batch.InputIds, batch.AttentionMask)));
        Assert.NotNull(loaded.bert.pooler);
        Assert.Equal(TestTensors.DataPtr(loaded.bert.embeddings.word_embeddings.weight!), TestTensors.DataPtr(loaded.DecoderWeight));

        var keys = SafeTensorsKeys(folder);
        Assert.Contains("cls.predictions.bias", keys);
        Assert.Contains("bert.pooler.dense.weight", keys);
        Assert.DoesNotContain("cls.predictions.decoder.weight", keys);   // tied: stored once, as the word embeddings
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        Assert.Equal("BertForMaskedLM", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal(tokenizer.VocabSize, WordPieceTokenizer.FromDirectory(folder).VocabSize);
    }

    [Fact]
    public void SaveModel_LoadsAsSentenceEncoderWithTheManifestPooler()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM(seed: 4);
        var folder = dir.File("model");
        new MaskedLanguageModeling(model, tokenizer, new MlmOptions { MaxSeqLength = 20 }).SaveModel(folder);

        var encoder = SentenceEncoderFolder.Load(folder);
        Assert.Equal(PoolerType.AvgFirstLast, encoder.Pipeline.SimCsePooler);
        Assert.Equal(20, encoder.MaxSeqLength);

        string[] sentences = ["the cat sat on the mat .", "a small red bird"];
        using var scope = NewDisposeScope();
        var expected = new SentenceEncoder(model.bert, tokenizer, PoolerType.AvgFirstLast, 20).Encode(sentences);
        Assert.True(TestTensors.Same(expected, encoder.Encode(sentences)));
    }

    [Fact]
    public void SaveModel_AvgPooler_AlsoWritesSentenceTransformersFiles()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        var folder = dir.File("model");
        new MaskedLanguageModeling(model, tokenizer, new MlmOptions { EncoderPooler = PoolerType.Avg }).SaveModel(folder);
        Assert.Equal(PoolerType.Avg, SentenceTransformersFolder.Read(folder, 128).SimCsePooler);
        Assert.False(File.Exists(Path.Combine(folder, SentenceEncoderManifest.FileName)));
    }

    static IReadOnlyCollection<string> SafeTensorsKeys(string folder) =>
        Core.Serialization.SafeTensors.ReadHeader(Path.Combine(folder, "model.safetensors")).Tensors.Keys.ToList();
}

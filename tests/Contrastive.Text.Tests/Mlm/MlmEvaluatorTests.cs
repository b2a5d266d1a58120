using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Mlm;
using Contrastive.Text.Models;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Mlm;

public class MlmEvaluatorTests
{
    const int Cat = 7;

    /// <summary>Zero word embeddings make every logit row equal to the decoder bias b, which the test then sets.</summary>
    static void ForceLogits(BertForMaskedLM model, Func<long, float> bias)
    {
        using var noGrad = no_grad();
        model.bert.embeddings.word_embeddings.weight!.zero_();
        var b = model.cls.predictions.bias;
        b.copy_(tensor(Enumerable.Range(0, (int)b.shape[0]).Select(v => bias(v)).ToArray()));
    }

    [Fact]
    public void Evaluate_ConstantLogits_HandComputedAccuracyAndLoss()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        ForceLogits(model, v => v == Cat ? 5f : 0f);   // argmax is always "cat"
        var evaluator = new MlmEvaluator(TinyCorpus.Grammar(40), tokenizer);

        var result = evaluator.Evaluate(model);

        int v = tokenizer.VocabSize, n = evaluator.MaskedTokens, cats = evaluator.TargetIds.Count(t => t == Cat);
        Assert.InRange(cats, 1, n - 1);   // a mix of right and wrong predictions
        double logZ = Math.Log(Math.Exp(5) + v - 1);
        Assert.Equal(100.0 * cats / n, result.Accuracy, 10);
        Assert.Equal((cats * (logZ - 5) + (n - cats) * logZ) / n, result.Loss, 4);
        Assert.Equal((n, 40), (result.MaskedTokens, result.Sentences));
    }

    [Fact]
    public void Evaluate_UniformLogits_LossIsLogVocabularyAndNothingRight()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        ForceLogits(model, _ => 0f);   // ties: argmax is id 0, [PAD], never a target
        var result = new MlmEvaluator(TinyCorpus.Grammar(20), tokenizer).Evaluate(model);
        Assert.Equal(0.0, result.Accuracy);
        Assert.Equal(Math.Log(tokenizer.VocabSize), result.Loss, 4);
    }

    [Fact]
    public void Constructor_SameSeed_SameMaskedPositions_OtherSeedOthers()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        var sentences = TinyCorpus.Grammar(50);
        var a = new MlmEvaluator(sentences, tokenizer);
        var b = new MlmEvaluator(sentences, tokenizer, batchSize: 3);
        var c = new MlmEvaluator(sentences, tokenizer, maskSeed: 99);
        Assert.Equal(a.TargetIds, b.TargetIds);
        Assert.NotEqual(a.TargetIds, c.TargetIds);
        var specials = tokenizer.SpecialIds.Select(i => (long)i).ToHashSet();
        Assert.DoesNotContain(a.TargetIds, specials.Contains);
    }

    [Fact]
    public void Evaluate_RepeatedAfterGlobalRngUseAndOtherBatchSize_SameResult()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        var sentences = TinyCorpus.Grammar(30);
        var evaluator = new MlmEvaluator(sentences, tokenizer, batchSize: 8);

        var first = evaluator.Evaluate(model);
        manual_seed(123);
        using (var noise = rand(1000)) { }
        var second = evaluator.Evaluate(model);
        var oneByOne = new MlmEvaluator(sentences, tokenizer, batchSize: 1).Evaluate(model);

        Assert.Equal(first, second);
        Assert.Equal(first.Accuracy, oneByOne.Accuracy);
        Assert.Equal(first.Loss, oneByOne.Loss, 4);
    }

    [Fact]
    public void Evaluate_ModelInTrainMode_RunsWithoutDropoutAndRestoresTrainMode()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        var evaluator = new MlmEvaluator(TinyCorpus.Grammar(30), tokenizer);
        model.eval();
        var inEval = evaluator.Evaluate(model);
        model.train();
        var inTrain = evaluator.Evaluate(model);
        Assert.Equal(inEval, inTrain);
        Assert.True(model.training);
    }

    [Fact]
    public void Constructor_NothingMaskable_ThrowsAskingForMoreSentences()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ContrastiveException>(() => new MlmEvaluator(["", "  "], TinyVocabulary.Grammar.Tokenizer(dir)));
        Assert.Contains("hold out more sentences", e.Message);
    }

    [Fact]
    public void EvaluateFolder_SavedModel_SameAsInMemory()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        using var model = TinyBert.Grammar.MaskedLM();
        var method = new MaskedLanguageModeling(model, tokenizer, new MlmOptions { MaxSeqLength = 12 });
        var folder = dir.File("model");
        method.SaveModel(folder);
        var sentences = TinyCorpus.Grammar(25);
        var corpus = TinyCorpus.Write(dir, "corpus.txt", sentences);

        var fromFolder = MlmEvaluator.EvaluateFolder(folder, [corpus]);   // max length from contrastive.json
        var inMemory = new MlmEvaluator(sentences, tokenizer, 12).Evaluate(model);

        Assert.Equal(inMemory.MaskedTokens, fromFolder.MaskedTokens);
        Assert.Equal(inMemory.Accuracy, fromFolder.Accuracy);
        Assert.Equal(inMemory.Loss, fromFolder.Loss, 6);
    }

    [Fact]
    public void EvaluateFolder_EncoderOnlyFolder_ThrowsNamingTheMissingHead()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Grammar.Tokenizer(dir);
        var folder = dir.File("encoder");
        using (var model = TinyBert.Grammar.MaskedLM()) HuggingFaceBertFolder.Save(folder, model.bert);
        tokenizer.SaveTo(folder);
        var e = Assert.Throws<ContrastiveException>(() => MlmEvaluator.EvaluateFolder(folder, [TinyCorpus.Write(dir, "corpus.txt", TinyCorpus.Grammar(5))]));
        Assert.Contains("cls.predictions", e.Message);
    }
}

using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.Sbert;
using Contrastive.Text.Tests.SimCse;
using static TorchSharp.torch;
using SbertMethod = Contrastive.Text.Sbert.Sbert;

namespace Contrastive.Text.Tests.Sbert;

[Collection(GlobalRngCollection.Name)]
public class SbertTests
{
    static readonly SentencePairExample[] NliPairs =
    [
        new("a man plays the guitar .", "a man is playing a guitar .", NliPairReader.Entailment),
        new("a man plays the guitar .", "a woman reads a book .", NliPairReader.Contradiction),
        new("the dog runs in the park .", "a dog is running .", NliPairReader.Entailment),
        new("the dog runs in the park .", "the cat is on the street .", NliPairReader.Contradiction),
    ];

    static Tensor Pool(Contrastive.Text.Bert.BertModel bert, Contrastive.Text.Tokenization.WordPieceTokenizer tokenizer, IReadOnlyList<string> sentences)
    {
        var tokens = tokenizer.EncodeBatch(sentences, 32);
        return new SentencePooler(PoolerType.Avg).Pool(bert.Forward(tokens.InputIds, tokens.AttentionMask, tokens.TokenTypeIds), tokens.AttentionMask);
    }

    [Fact]
    public void ComputeLoss_Nli_EqualsSoftmaxLossOfTheSeparatelyPooledSentences()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var bert = TinyBert.Words.Model();
        var method = new SbertMethod(bert, tokenizer, new SbertOptions(SbertObjective.Nli, MaxSeqLength: 32), numLabels: 2, new Generator(3));
        var batch = new SbertBatchSource(NliPairs, tokenizer, 32, labels: true).GetBatch([0, 1, 2, 3]);
        double loss = method.ComputeLoss(batch).item<float>();

        var u = Pool(bert, tokenizer, NliPairs.Select(p => p.First).ToArray());
        var v = Pool(bert, tokenizer, NliPairs.Select(p => p.Second).ToArray());
        var classifier = (SoftmaxPairLoss)method.Model.children().OfType<SoftmaxPairLoss>().Single();
        double expected = classifier.forward(u, v, tensor(new long[] { 1, 0, 1, 0 })).item<float>();
        Assert.Equal(expected, loss, 1e-4);
        Assert.Contains("loss.classifier.weight", method.Model.state_dict().Keys);
        Assert.Equal(new long[] { 2, 3 * 32 }, method.Model.state_dict()["loss.classifier.weight"].shape);
    }

    [Fact]
    public void ComputeLoss_StsRegression_EqualsMseOfCosines()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var bert = TinyBert.Words.Model();
        SentencePairExample[] pairs = [new("a man plays .", "a man is playing .", 0.9), new("the dog runs .", "a woman reads a book .", 0.1)];
        var method = new SbertMethod(bert, tokenizer, new SbertOptions(SbertObjective.StsRegression, MaxSeqLength: 32));
        var batch = new SbertBatchSource(pairs, tokenizer, 32, labels: false).GetBatch([0, 1]);
        double loss = method.ComputeLoss(batch).item<float>();
        var u = Pool(bert, tokenizer, pairs.Select(p => p.First).ToArray());
        var v = Pool(bert, tokenizer, pairs.Select(p => p.Second).ToArray());
        var cos = nn.functional.cosine_similarity(u, v, 1);
        double expected = ((cos[0].item<float>() - 0.9) * (cos[0].item<float>() - 0.9) + (cos[1].item<float>() - 0.1) * (cos[1].item<float>() - 0.1)) / 2;
        Assert.Equal(expected, loss, 1e-5);
        Assert.DoesNotContain(method.Model.state_dict().Keys, k => k.StartsWith("loss."));
    }

    [Fact]
    public void Training_Nli_LowersTheLossAndSavesALoadableEncoder()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var file = dir.File("nli.csv");
        File.WriteAllLines(file, ["sent0,sent1,hard_neg", .. Enumerable.Range(0, 8).Select(i =>
            $"{TinyCorpus.Sentences[i % 8]},{TinyCorpus.Sentences[(i + 1) % 8]},{TinyCorpus.Sentences[(i + 4) % 8]}")]);
        var setup = new SbertTrainingSetup(file, new TrainingOptions { OutputDir = dir.File("run"), BatchSize = 8, LearningRate = 1e-3, Epochs = 10, EvalSteps = 1000 },
            new SbertOptions(SbertObjective.Nli, MaxSeqLength: 32), NewModel: TinyBert.Words.Config, VocabPath: dir.File("vocab.txt"));
        var result = SbertTraining.Run(setup);
        Assert.Equal(20, result.Steps);                                  // 16 pairs, batch 8, 10 epochs
        Assert.True(result.Losses[^1].Loss < result.Losses[0].Loss, $"{result.Losses[0].Loss} -> {result.Losses[^1].Loss}");
        var encoder = SentenceEncoderFolder.Load(dir.File("run/final"));
        Assert.Equal(TokenPooling.Mean, encoder.Pipeline.Pooling);
        Assert.Equal(new long[] { 2, 32 }, encoder.Encode(["a man plays .", "the dog runs ."]).shape);
        Assert.Equal(2, SbertTraining.DefaultWarmup(setup));            // 10% of 20 planned steps
    }

    [Fact]
    public void ReadNli_Triplets_GiveEntailmentAndContradictionPairsAndTwoLabels()
    {
        using var dir = new TempDir();
        var file = dir.File("t.csv");
        File.WriteAllLines(file, ["sent0,sent1,hard_neg", "p one,h entails,h contradicts", "p two,e two,c two"]);
        var (pairs, labels) = NliPairReader.ReadNli(file);
        Assert.Equal(2, labels);
        Assert.Equal(new SentencePairExample("p one", "h entails", NliPairReader.Entailment), pairs[0]);
        Assert.Equal(new SentencePairExample("p one", "h contradicts", NliPairReader.Contradiction), pairs[1]);
        Assert.Equal(4, pairs.Count);
    }

    [Fact]
    public void ReadNli_LabelledTsvWithNeutral_GivesThreeLabelsAndSkipsUnlabelled()
    {
        using var dir = new TempDir();
        var file = dir.File("snli.tsv");
        File.WriteAllLines(file, ["sentence1\tsentence2\tlabel", "a\tb\tentailment", "a\tc\tneutral", "a\td\t-", "a\te\tcontradiction"]);
        var (pairs, labels) = NliPairReader.ReadNli(file);
        Assert.Equal(3, labels);
        Assert.Equal([NliPairReader.Entailment, NliPairReader.Neutral, NliPairReader.Contradiction], pairs.Select(p => (int)p.Target));
    }

    [Fact]
    public void ReadNli_TsvWithUnknownOneWordLabels_ThrowsNamingTheLineAndLabel()
    {
        using var dir = new TempDir();
        var file = dir.File("pairs.tsv");
        File.WriteAllLines(file, ["a man sleeps\ta person rests\tyes", "a dog runs\ta cat sits\tno"]);
        var e = Assert.Throws<ContrastiveException>(() => NliPairReader.ReadNli(file));
        Assert.Contains("pairs.tsv:1", e.Message);
        Assert.Contains("'yes' is not an NLI label", e.Message);
    }

    [Fact]
    public void ReadNli_TsvTripletsWithSentenceHardNegatives_StillReadAsTriplets()
    {
        using var dir = new TempDir();
        var file = dir.File("triplets.tsv");
        File.WriteAllLines(file, ["p one\th entails\th contradicts", "p two\te two\tc two"]);
        var (pairs, labels) = NliPairReader.ReadNli(file);
        Assert.Equal(2, labels);
        Assert.Equal(4, pairs.Count);
    }

    [Fact]
    public void ReadNli_MissingFile_ThrowsNamingIt()
    {
        var e = Assert.Throws<ContrastiveException>(() => NliPairReader.ReadNli("/nonexistent/nli.csv"));
        Assert.Contains("/nonexistent/nli.csv", e.Message);
    }

    [Fact]
    public void ReadSts_ScalesScoresToUnitInterval()
    {
        using var dir = new TempDir();
        var file = TinyCorpus.StsBenchmark(dir, "sts.csv", pairs: 5, seed: 3);
        var pairs = NliPairReader.ReadSts(file);
        Assert.Equal(5, pairs.Count);
        Assert.All(pairs, p => Assert.InRange(p.Target, 0, 1));
    }

    [SkippableFact]
    public void ReadNli_SharedSnliTriplets_TwoPairsPerTriplet()
    {
        var path = SharedData.Require("text/snli_devtest_triplets.csv");
        var (pairs, labels) = NliPairReader.ReadNli(path);
        Assert.Equal(2, labels);
        Assert.Equal(2 * 5864, pairs.Count);
    }
}

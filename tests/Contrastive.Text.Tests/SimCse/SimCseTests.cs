using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Tests.Bert;
using Contrastive.Text.Data;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Pooling;
using Contrastive.Text.SimCse;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;
using SimCseMethod = Contrastive.Text.SimCse.SimCse;

namespace Contrastive.Text.Tests.SimCse;

[Collection(GlobalRngCollection.Name)]
public class SimCseTests
{
    static readonly SentenceTriplet[] Triplets =
    [
        new("a man plays the guitar .", "a man is playing a guitar .", "a woman reads a book ."),
        new("the dog runs in the park .", "a dog is running .", "the cat is on the street ."),
        new("a child reads a red book .", "a small child is reading .", "a man runs with the dog ."),
        new("a woman plays the piano .", "the woman is playing a piano .", "a child is running in the street ."),
    ];

    /// <summary>(N, H) pooled embeddings of <paramref name="sentences"/> encoded as one batch of their own.</summary>
    static Tensor PoolAlone(BertModel bert, WordPieceTokenizer tokenizer, PoolerType pooler, IReadOnlyList<string> sentences)
    {
        var tokens = tokenizer.EncodeBatch(sentences, 32);
        var p = new SentencePooler(pooler);
        return p.Pool(bert.Forward(tokens.InputIds, tokens.AttentionMask, tokens.TokenTypeIds, outputHiddenStates: p.NeedsHiddenStates),
                      tokens.AttentionMask);
    }

    static double Value(Tensor scalar) => scalar.to_type(ScalarType.Float64).item<double>();

    [Theory]
    [InlineData(PoolerType.Cls, false, 0.0)]
    [InlineData(PoolerType.Cls, true, 0.0)]            // mlp_only_train still trains through the MLP
    [InlineData(PoolerType.ClsBeforePooler, false, 0.0)]
    [InlineData(PoolerType.Avg, false, 0.0)]
    [InlineData(PoolerType.AvgTop2, false, 0.0)]
    [InlineData(PoolerType.AvgFirstLast, false, 0.0)]
    [InlineData(PoolerType.Cls, false, 1.5)]
    public void ComputeLoss_SupervisedNoDropout_EqualsInfoNceOfViewsEncodedSeparately(PoolerType pooler, bool mlpOnlyTrain, double hardNegativeWeight)
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var bert = TinyBert.Words.Model();
        var options = new SimCseOptions(pooler, Temperature: 0.05, HardNegativeWeight: hardNegativeWeight, MlpOnlyTrain: mlpOnlyTrain);
        var method = new SimCseMethod(bert, tokenizer, options);
        var batch = SimCseBatchSource.Supervised(Triplets, tokenizer, 32).GetBatch([0, 1, 2, 3]);

        double loss = Value(method.ComputeLoss(batch));

        var anchors = PoolAlone(bert, tokenizer, pooler, Triplets.Select(t => t.Anchor).ToArray());
        var positives = PoolAlone(bert, tokenizer, pooler, Triplets.Select(t => t.Positive).ToArray());
        var negatives = PoolAlone(bert, tokenizer, pooler, Triplets.Select(t => t.HardNegative!).ToArray());
        double expected = Value(new InfoNceLoss(0.05, hardNegativeWeight).forward(anchors, positives, negatives));
        Assert.Equal(expected, loss, 1e-4);
        Assert.True(loss > 0);
    }

    [Fact]
    public void ComputeLoss_SameDropoutState_EqualsInfoNceOfPooledStackedBatch()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var bert = (TinyBert.Words with { Dropout = 0.1 }).Model();
        var method = new SimCseMethod(bert, tokenizer, new SimCseOptions());
        var batch = SimCseBatchSource.Unsupervised(TinyCorpus.Sentences, tokenizer, 32).GetBatch([0, 1, 2, 3, 4, 5]);
        bert.train();

        manual_seed(5);
        double loss = Value(method.ComputeLoss(batch));

        manual_seed(5);
        var tokens = batch.Tokens;
        var pooled = bert.Forward(tokens.InputIds, tokens.AttentionMask, tokens.TokenTypeIds).PoolerOutput!;   // (2B, H)
        double expected = Value(new InfoNceLoss(0.05).forward(pooled.narrow(0, 0, 6), pooled.narrow(0, 6, 6)));
        Assert.Equal(expected, loss, 1e-9);

        // The two views really differ under dropout: the same batch without dropout gives another loss.
        bert.eval();
        Assert.True(Math.Abs(loss - Value(method.ComputeLoss(batch))) > 1e-3);
    }

    [Fact]
    public void ComputeLoss_UnsupervisedNoDropout_EqualsAnalyticLogSumExp()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var bert = TinyBert.Words.Model();
        const double tau = 0.05;
        var method = new SimCseMethod(bert, tokenizer, new SimCseOptions(PoolerType.Avg, Temperature: tau));
        int[] indices = [0, 1, 2, 3, 4];

        double loss = Value(method.ComputeLoss(SimCseBatchSource.Unsupervised(TinyCorpus.Sentences, tokenizer, 32).GetBatch(indices)));

        // Both views are the same vector h_i: loss = mean_i ( log sum_j e^{cos(h_i, h_j)/tau} - 1/tau ).
        var h = PoolAlone(bert, tokenizer, PoolerType.Avg, indices.Select(i => TinyCorpus.Sentences[i]).ToArray())
            .to_type(ScalarType.Float64);
        var rows = Enumerable.Range(0, indices.Length).Select(i => h[i].data<double>().ToArray()).ToArray();
        static double Cos(double[] a, double[] b) =>
            a.Zip(b, (x, y) => x * y).Sum() / Math.Sqrt(a.Sum(x => x * x) * b.Sum(y => y * y));
        double expected = rows.Select(a => Math.Log(rows.Sum(b => Math.Exp(Cos(a, b) / tau))) - 1 / tau).Average();
        Assert.Equal(expected, loss, 1e-4);
    }

    [Fact]
    public void ComputeLoss_IdenticalSentencesNoDropout_EqualsLogOfBatchSize()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var method = new SimCseMethod(TinyBert.Words.Model(), tokenizer, new SimCseOptions());
        var same = Enumerable.Repeat("a man plays the guitar .", 6).ToArray();

        // Every logit is cos = 1 over tau: cross-entropy of a uniform row is log B.
        double loss = Value(method.ComputeLoss(SimCseBatchSource.Unsupervised(same, tokenizer, 32).GetBatch([0, 1, 2, 3, 4, 5])));

        Assert.Equal(Math.Log(6), loss, 1e-4);
    }

    [Fact]
    public void ComputeLoss_DoMlm_AddsWeightedMaskedLanguageModelLoss()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var bert = TinyBert.Words.Model();
        var plain = new SimCseMethod(bert, tokenizer, new SimCseOptions());
        var withMlm = new SimCseMethod(bert, tokenizer, new SimCseOptions(DoMlm: true, MlmWeight: 0.1));
        var batch = SimCseBatchSource.Unsupervised(TinyCorpus.Sentences, tokenizer, 32).GetBatch([0, 1, 2, 3, 4, 5, 6, 7]);

        double contrastive = Value(plain.ComputeLoss(batch));
        manual_seed(9);
        double total = Value(withMlm.ComputeLoss(batch));

        // The same masks: the method seeds its masking generator from the global generator.
        var mlm = Assert.IsType<BertForMaskedLM>(withMlm.Model);
        Assert.Same(bert, mlm.bert);
        manual_seed(9);
        var seed = randint(long.MaxValue, [1], dtype: ScalarType.Int64).item<long>();
        using var generator = new Generator((ulong)seed);
        var (masked, labels) = new MlmMasker(tokenizer).Mask(batch.Tokens.InputIds, batch.Tokens.AttentionMask, generator);
        double mlmLoss = Value(mlm.MlmLoss(bert.Forward(masked, batch.Tokens.AttentionMask, batch.Tokens.TokenTypeIds).LastHiddenState, labels));

        Assert.True(labels.ne(MlmMasker.IgnoreIndex).any().item<bool>(), "no position was masked");
        Assert.True(mlmLoss > 0);
        Assert.Equal(contrastive + 0.1 * mlmLoss, total, 1e-5);
        Assert.True(total > contrastive);
    }

    [Fact]
    public void Model_DoMlm_CheckpointsEncoderAndMlmHead()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var bert = TinyBert.Words.Model();

        var keys = new SimCseMethod(bert, tokenizer, new SimCseOptions(DoMlm: true)).Model.state_dict().Keys.ToList();

        Assert.Same(bert, new SimCseMethod(bert, tokenizer, new SimCseOptions()).Model);
        Assert.Contains("bert.embeddings.word_embeddings.weight", keys);
        Assert.Contains("cls.predictions.transform.dense.weight", keys);
        Assert.Contains("cls.predictions.bias", keys);
    }

    [Fact]
    public void CreateEncoder_MlpOnlyTrain_UsesClsBeforePooler()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var method = new SimCseMethod(TinyBert.Words.Model(), tokenizer, new SimCseOptions(MlpOnlyTrain: true, MaxSeqLength: 20));

        var encoder = method.CreateEncoder();

        Assert.Equal(PoolerType.ClsBeforePooler, encoder.Pipeline.SimCsePooler);
        Assert.Equal(20, encoder.MaxSeqLength);
        Assert.Same(method.Bert, encoder.Bert);
    }

    [Fact]
    public void SaveModel_MlpOnlyTrain_FolderLoadsWithClsBeforePoolerAndSameEmbeddings()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var method = new SimCseMethod(TinyBert.Words.Model(), tokenizer, new SimCseOptions(MlpOnlyTrain: true, MaxSeqLength: 20));
        var folder = Path.Combine(dir.Path, "model");

        method.SaveModel(folder);
        var loaded = SentenceEncoderFolder.Load(folder);

        Assert.Equal(PoolerType.ClsBeforePooler, loaded.Pipeline.SimCsePooler);
        Assert.Equal(20, loaded.MaxSeqLength);
        Assert.Equal(TokenPooling.Cls, SentenceTransformersFolder.Read(folder, 128).Pooling);
        var expected = method.CreateEncoder().Encode(TinyCorpus.Sentences);
        Assert.True(TestTensors.Same(expected, loaded.Encode(TinyCorpus.Sentences)));
    }

    [Fact]
    public void Trainer_30StepsOnSentencePairs_ReducesTheLoss()
    {
        using var threads = new TorchThreadLimit(1);
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        // Mean pooling: a freshly initialised BERT's [CLS] vectors are nearly equal for every sentence (weights of
        // std 0.02), so with dropout a tiny model needs far more than 30 steps to tell them apart.
        var method = new SimCseMethod((TinyBert.Words with { Dropout = 0.1 }).Model(), tokenizer, new SimCseOptions(PoolerType.Avg));
        var pairs = Triplets.Select(t => t with { HardNegative = null }).ToArray();
        var source = SimCseBatchSource.Supervised(pairs, tokenizer, 32);
        var options = new TrainingOptions { OutputDir = dir.File("run"), BatchSize = 4, MaxSteps = 30, LearningRate = 1e-3, EvalSteps = 30, Seed = 3 };

        var result = new Trainer<SimCseBatch>(method, source, options).Run();

        var losses = result.Losses.Select(r => r.Loss).ToArray();
        Assert.Equal(30, losses.Length);
        double first = losses.Take(5).Average(), last = losses.TakeLast(5).Average();
        Assert.True(last < 0.5 * first, $"loss went from {first:F4} (first 5 steps) to {last:F4} (last 5)");
        Assert.True(File.Exists(Path.Combine(result.FinalDir, SentenceTransformersFolder.ModulesFileName)));
    }

    [Fact]
    public void ComputeLoss_SupConSupervised_EqualsSupConWithAnchorAndPositiveOneClassAndHardNegativesAlone()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var bert = TinyBert.Words.Model();
        var method = new SimCseMethod(bert, tokenizer, new SimCseOptions(PoolerType.Avg, Temperature: 0.1, Loss: SimCseLoss.SupCon));
        var batch = SimCseBatchSource.Supervised(Triplets, tokenizer, 32).GetBatch([0, 1, 2, 3]);

        double loss = Value(method.ComputeLoss(batch));

        var anchors = PoolAlone(bert, tokenizer, PoolerType.Avg, Triplets.Select(t => t.Anchor).ToArray());
        var positives = PoolAlone(bert, tokenizer, PoolerType.Avg, Triplets.Select(t => t.Positive).ToArray());
        var negatives = PoolAlone(bert, tokenizer, PoolerType.Avg, Triplets.Select(t => t.HardNegative!).ToArray());
        var labels = tensor(new long[] { 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7 });
        double expected = Value(new SupConLoss(0.1, null).forward(cat([anchors, positives, negatives], 0), labels));
        Assert.Equal(expected, loss, 1e-4);
    }

    [Fact]
    public void Options_UnknownLossName_ThrowsContrastiveException() =>
        Assert.Throws<Contrastive.Core.ContrastiveException>(() => SimCseLossNames.Parse("triplet"));
}

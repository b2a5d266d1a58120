using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tests.Bert;
using Contrastive.Text.Tests.SimCse;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Inference;

public class SentenceEncoderTests
{
    static float[] Row(Tensor t, int i) => t[i].data<float>().ToArray();

    [Theory]
    [InlineData(PoolerType.Cls)]
    [InlineData(PoolerType.Avg)]
    [InlineData(PoolerType.AvgTop2)]
    public void Encode_MixedLengthsInSmallBatches_RowsInCallersOrder(PoolerType pooler)
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var encoder = new SentenceEncoder(TinyBert.Words.Model(), TinyVocabulary.Words.Tokenizer(dir), pooler);

        var all = encoder.Encode(TinyCorpus.Sentences, batchSize: 3);

        Assert.Equal([TinyCorpus.Sentences.Length, 32L], all.shape);
        Assert.Equal(ScalarType.Float32, all.dtype);
        for (int i = 0; i < TinyCorpus.Sentences.Length; i++)
        {
            var alone = encoder.Encode([TinyCorpus.Sentences[i]]);
            Assert.True(alone[0].allclose(all[i], rtol: 0, atol: 1e-5), $"row {i} ('{TinyCorpus.Sentences[i]}') differs from the sentence encoded alone");
        }
        Assert.False(all[0].allclose(all[1], rtol: 0, atol: 1e-3));   // distinct sentences, distinct rows
    }

    [Fact]
    public void EncodeTokens_OfTokenize_SameAsEncodeWithin1e6()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var encoder = new SentenceEncoder(TinyBert.Words.Model(), TinyVocabulary.Words.Tokenizer(dir), PoolerType.Avg);
        var ids = encoder.Tokenize(TinyCorpus.Sentences);
        Assert.Equal(TinyCorpus.Sentences.Select(s => encoder.Tokenizer.Encode(s, encoder.MaxSeqLength)), ids);
        var a = encoder.Encode(TinyCorpus.Sentences, batchSize: 4);
        var b = encoder.EncodeTokens(ids, batchSize: 4);
        Assert.True(a.allclose(b, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Encode_Normalize_UnitRowsInTheDirectionOfTheRawOnes()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var encoder = new SentenceEncoder(TinyBert.Words.Model(), TinyVocabulary.Words.Tokenizer(dir), PoolerType.Avg);

        var raw = encoder.Encode(TinyCorpus.Sentences, batchSize: 4);
        var unit = encoder.Encode(TinyCorpus.Sentences, batchSize: 4, normalize: true);

        var norms = unit.norm(1).data<float>().ToArray();
        Assert.All(norms, n => Assert.Equal(1.0, n, 1e-5));
        Assert.True(raw.norm(1).gt(1.5).all().item<bool>(), "the raw rows are already unit length: the test would prove nothing");
        Assert.True(unit.allclose(raw / raw.norm(1, keepdim: true), rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Encode_ModelInTrainMode_EncodesWithoutDropoutAndRestoresTrainMode()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var bert = (TinyBert.Words with { Dropout = 0.5 }).Model();
        bert.train();
        var encoder = new SentenceEncoder(bert, TinyVocabulary.Words.Tokenizer(dir), PoolerType.Cls);

        var first = encoder.Encode(TinyCorpus.Sentences);
        var second = encoder.Encode(TinyCorpus.Sentences);

        Assert.True(TestTensors.Same(first, second));
        Assert.True(bert.training);
        Assert.False(first.requires_grad);
    }

    [Fact]
    public void Encode_ManyBatches_LiveTensorCountStaysFlat()
    {
        using var dir = new TempDir();
        var encoder = new SentenceEncoder(TinyBert.Words.Model(), TinyVocabulary.Words.Tokenizer(dir), PoolerType.AvgFirstLast);
        var sentences = TinyCorpus.Random(120, seed: 2, maxWords: 12);
        var perBatch = new List<long>();

        for (int round = 0; round < 2; round++)
        {
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var embeddings = encoder.Encode(sentences, batchSize: 4, normalize: true,
                                            progress: _ => perBatch.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount));
            embeddings.Dispose();
            Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        Assert.Equal(2 * 30, perBatch.Count);
        Assert.True(perBatch.Min() == perBatch.Max(), $"live tensors between batches went from {perBatch.Min()} to {perBatch.Max()}");
    }

    [Fact]
    public void Encode_Progress_ReportsSentencesDoneAfterEachBatch()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var encoder = new SentenceEncoder(TinyBert.Words.Model(), TinyVocabulary.Words.Tokenizer(dir), PoolerType.Cls);
        var reported = new List<int>();

        encoder.Encode(TinyCorpus.Sentences, batchSize: 3, progress: reported.Add);

        Assert.Equal([3, 6, 8], reported);
    }

    [Fact]
    public void Encode_NoSentences_ReturnsZeroRows()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var encoder = new SentenceEncoder(TinyBert.Words.Model(), TinyVocabulary.Words.Tokenizer(dir), PoolerType.Cls);

        Assert.Equal([0L, 32], encoder.Encode([]).shape);
        Assert.Equal(32, encoder.Dimension);
    }

    [Fact]
    public void Encode_BatchSizeZero_Throws()
    {
        using var dir = new TempDir();
        var encoder = new SentenceEncoder(TinyBert.Words.Model(), TinyVocabulary.Words.Tokenizer(dir), PoolerType.Cls);

        Assert.Throws<ArgumentOutOfRangeException>(() => encoder.Encode(TinyCorpus.Sentences, batchSize: 0));
    }

    [Fact]
    public void Encode_SentenceLongerThanThePositionEmbeddings_TruncatedToThem()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var bert = TinyBert.Words.Model();   // 64 positions; the default maximum length is 128
        var encoder = new SentenceEncoder(bert, TinyVocabulary.Words.Tokenizer(dir), PoolerType.Avg);
        var words = string.Join(' ', Enumerable.Repeat("a man plays the guitar in the park", 20));   // 160 words

        var embedding = encoder.Encode([words]);

        Assert.Equal(64, encoder.MaxSeqLength);
        Assert.True(embedding.isfinite().all().item<bool>());
        var truncated = new SentenceEncoder(bert, encoder.Tokenizer, PoolerType.Avg, maxSeqLength: 64).Encode([words]);
        Assert.True(TestTensors.Same(embedding, truncated));
    }

    [Theory]
    [InlineData(PoolerType.Cls)]
    [InlineData(PoolerType.AvgFirstLast)]
    public void WithDtype_BFloat16_Float32RowsAgreeingWithFloat32AndOriginalUntouched(PoolerType pooler)
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var bert = TinyBert.Words.Model();
        var fp32 = new SentenceEncoder(bert, TinyVocabulary.Words.Tokenizer(dir), pooler);

        var bf16 = fp32.WithDtype(ScalarType.BFloat16);
        var a = fp32.Encode(TinyCorpus.Sentences, batchSize: 3, normalize: true);
        var b = bf16.Encode(TinyCorpus.Sentences, batchSize: 3, normalize: true);

        Assert.Equal(ScalarType.BFloat16, bf16.Dtype);
        Assert.Equal(ScalarType.BFloat16, bf16.Bert.parameters().First().dtype);
        Assert.Equal(ScalarType.Float32, fp32.Dtype);
        Assert.All(bert.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));   // the original model is not cast
        Assert.Equal(ScalarType.Float32, b.dtype);
        var cosines = (a * b).sum(1);
        Assert.True(cosines.min().item<float>() > 0.99f, $"min cosine {cosines.min().item<float>()}");
        Assert.False(TestTensors.Same(a, b));   // really computed in bfloat16
        Assert.Same(fp32, fp32.WithDtype(ScalarType.Float32));
    }

    [Fact]
    public void WithDtype_Float16_ThrowsNamingIt()
    {
        using var dir = new TempDir();
        var encoder = new SentenceEncoder(TinyBert.Words.Model(), TinyVocabulary.Words.Tokenizer(dir), PoolerType.Cls);

        Assert.Contains("Float16", Assert.Throws<ArgumentException>(() => encoder.WithDtype(ScalarType.Float16)).Message);
    }
}

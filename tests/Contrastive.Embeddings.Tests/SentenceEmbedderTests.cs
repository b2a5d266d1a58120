using Contrastive.Core;
using Contrastive.Embeddings.Indexes;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests;

public class SentenceEmbedderTests
{
    static readonly string[] Corpus = TinyCorpus.Scenes;
    static readonly string[] Queries = ["A man is playing music.", "A woman takes a photo.", "The cat sits."];

    static SentenceEmbedder Embedder(bool normalize = true) => new(TinyBert.SceneEncoder(), normalize: normalize, batchSize: 4);

    static double Cosine(Tensor a, Tensor b) =>
        a.to(ScalarType.Float64).dot(b.to(ScalarType.Float64)).item<double>() /
        (a.to(ScalarType.Float64).norm().item<double>() * b.to(ScalarType.Float64).norm().item<double>());

    /// <summary>The SimCSE tool's brute-force search: every cosine, those ≥ threshold, sorted, the first topK.</summary>
    static (string Sentence, double Score)[] Reference(SentenceEmbedder embedder, string query, double threshold, int topK) =>
        embedder.Similarity(query, Corpus)
            .Select((s, i) => (Sentence: Corpus[i], Score: s))
            .Where(p => p.Score >= threshold)
            .OrderByDescending(p => p.Score)
            .Take(topK)
            .ToArray();

    [Fact]
    public void Encode_Sentence_IsUnitVectorOfModelWidth()
    {
        using var scope = NewDisposeScope();
        var embedder = Embedder();

        var e = embedder.Encode("A man plays the guitar.");

        Assert.Equal([32L], e.shape);
        Assert.Equal(1.0, e.norm().item<float>(), 1e-5);
        Assert.True(e.allclose(embedder.Encode(Corpus)[0], rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Encode_WithoutNormalize_KeepsRawEncoderOutput()
    {
        using var scope = NewDisposeScope();
        var embedder = Embedder(normalize: false);

        var e = embedder.Encode(Corpus);

        Assert.Equal([(long)Corpus.Length, 32], e.shape);
        Assert.True(e.allclose(embedder.Encoder.Encode(Corpus), rtol: 1e-5, atol: 1e-6));
        Assert.True(e.norm(dim: 1).sub(1).abs().max().item<float>() > 1e-2);
    }

    [Fact]
    public void Similarity_StringOverloads_GiveScalarVectorMatrixOfCosines()
    {
        using var scope = NewDisposeScope();
        var embedder = Embedder(normalize: false);
        var q = embedder.Encode(Queries);
        var k = embedder.Encode(Corpus);

        double scalar = embedder.Similarity(Queries[0], Corpus[3]);
        double[] vector = embedder.Similarity(Queries[0], Corpus);
        double[,] matrix = embedder.Similarity(Queries, Corpus);

        Assert.Equal(Cosine(q[0], k[3]), scalar, 1e-5);
        Assert.Equal(Corpus.Length, vector.Length);
        Assert.Equal(Queries.Length, matrix.GetLength(0));
        Assert.Equal(Corpus.Length, matrix.GetLength(1));
        for (int i = 0; i < Queries.Length; i++)
            for (int j = 0; j < Corpus.Length; j++)
                Assert.Equal(Cosine(q[i], k[j]), matrix[i, j], 1e-5);
        for (int j = 0; j < Corpus.Length; j++) Assert.Equal(matrix[0, j], vector[j], 1e-6);
        Assert.Equal(1.0, embedder.Similarity(Corpus[5], Corpus[5]), 1e-5);
    }

    [Fact]
    public void Similarity_KeyEmbeddings_EqualStringKeysAndIgnoreKeyScale()
    {
        using var scope = NewDisposeScope();
        var embedder = Embedder();
        var keys = embedder.Encode(Corpus) * 3;   // cosine does not care about the keys' length

        double[,] fromTensor = embedder.Similarity(Queries, keys);
        double[] single = embedder.Similarity(Queries[1], keys[4]);   // a (D) key

        double[,] fromStrings = embedder.Similarity(Queries, Corpus);
        Assert.Equal(fromStrings.GetLength(1), fromTensor.GetLength(1));
        for (int i = 0; i < Queries.Length; i++)
            for (int j = 0; j < Corpus.Length; j++)
                Assert.Equal(fromStrings[i, j], fromTensor[i, j], 1e-5);
        Assert.Equal(fromStrings[1, 4], Assert.Single(single), 1e-5);
        Assert.Equal(embedder.Similarity(Queries[2], Corpus), embedder.Similarity(Queries[2], keys), new ToleranceComparer(1e-5));
    }

    [Fact]
    public void Similarity_KeyEmbeddingsOfWrongWidth_ThrowsNamingShape()
    {
        using var scope = NewDisposeScope();
        var embedder = Embedder();

        var e = Assert.Throws<ArgumentException>(() => embedder.Similarity(Queries, zeros(3, 16)));

        Assert.Contains("[3, 16]", e.Message);
        Assert.Throws<ArgumentException>(() => embedder.Similarity(Queries, zeros(2, 3, 32)));
    }

    [Theory]
    [InlineData(-1.0, 5, false)]     // every sentence passes: exactly topK, best first
    [InlineData(-1.0, 100, false)]   // topK larger than the corpus
    [InlineData(0.0, 3, true)]       // threshold at the median cosine: about half the corpus passes
    [InlineData(0.0, 1, true)]
    [InlineData(1.01, 5, false)]     // nothing passes
    public void Search_ThresholdAndTopK_MatchTheSimCseTool(double threshold, int topK, bool medianThreshold)
    {
        using var scope = NewDisposeScope();
        using var embedder = Embedder();
        embedder.BuildIndex(Corpus);
        foreach (var query in Queries)
        {
            double t = medianThreshold ? Median(embedder.Similarity(query, Corpus)) : threshold;

            var hits = embedder.Search(query, t, topK);

            var expected = Reference(embedder, query, t, topK);
            Assert.Equal(expected.Length, hits.Count);
            Assert.True(hits.Count <= topK);
            for (int j = 0; j < hits.Count; j++)
            {
                Assert.Equal(expected[j].Score, hits[j].Score, 1e-5);
                Assert.True(hits[j].Score >= t);
                Assert.Equal(embedder.Similarity(query, hits[j].Sentence), hits[j].Score, 1e-5);
                if (j > 0) Assert.True(hits[j - 1].Score >= hits[j].Score);
            }
        }
    }

    static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);

    [Fact]
    public void Search_SentenceOfTheCorpus_FindsItselfWithCosineOne()
    {
        using var scope = NewDisposeScope();
        using var embedder = Embedder();
        embedder.BuildIndex(Corpus);

        var hits = embedder.Search(Corpus[6], threshold: -1, topK: Corpus.Length);

        Assert.Equal(Corpus.Length, hits.Count);
        var self = Assert.Single(hits, h => h.Sentence == Corpus[6]);
        Assert.Equal(1.0, self.Score, 1e-5);
        Assert.Equal(1.0, hits[0].Score, 1e-5);
    }

    [Fact]
    public void Search_Batched_EqualsOneQueryAtATime()
    {
        using var scope = NewDisposeScope();
        using var embedder = Embedder();
        embedder.BuildIndex(Corpus);

        var batched = embedder.Search(Queries, threshold: 0.0, topK: 4);

        Assert.Equal(Queries.Length, batched.Count);
        for (int i = 0; i < Queries.Length; i++)
        {
            var alone = embedder.Search(Queries[i], threshold: 0.0, topK: 4);
            Assert.Equal(alone.Select(h => h.Sentence), batched[i].Select(h => h.Sentence));
            Assert.Equal(alone.Select(h => h.Score), batched[i].Select(h => h.Score), new ToleranceComparer(1e-5));
        }
    }

    [Fact]
    public void Search_DefaultsAreThresholdPoint6AndTop5()
    {
        using var scope = NewDisposeScope();
        using var embedder = Embedder();
        embedder.BuildIndex(Corpus);

        var hits = embedder.Search(Queries[0]);

        Assert.Equal(Reference(embedder, Queries[0], 0.6, 5).Select(p => p.Sentence), hits.Select(h => h.Sentence));
        Assert.Equal(0.6, SentenceEmbedder.DefaultThreshold);
        Assert.Equal(5, SentenceEmbedder.DefaultTopK);
    }

    [Fact]
    public void Search_BadArgumentsOrNoIndex_Throw()
    {
        using var embedder = Embedder();

        Assert.Throws<InvalidOperationException>(() => embedder.Search("a cat"));
        embedder.BuildIndex(Corpus.Take(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => embedder.Search("a cat", topK: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => embedder.Search("a cat", threshold: double.NaN));
    }

    [Fact]
    public void BuildIndexAndAddToIndex_FromFiles_IndexTrimmedNonEmptyLines()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("a.txt"), ["  A man plays the guitar.  ", "", "A cat runs fast."]);
        File.WriteAllLines(dir.File("b.txt"), ["The dog is slow."]);
        using var embedder = new SentenceEmbedder(TinyBert.SceneEncoder(), modelPath: "/m");

        embedder.BuildIndex(dir.File("a.txt"));
        embedder.AddToIndex(dir.File("b.txt"));

        var index = Assert.IsType<ExactInnerProductIndex>(embedder.Index);
        Assert.Equal(["A man plays the guitar.", "A cat runs fast.", "The dog is slow."], index.Sentences);
        Assert.Equal("/m", index.Model);
        Assert.Equal("The dog is slow.", embedder.Search("The dog is slow.", 0.99, 1)[0].Sentence);
        Assert.Throws<ContrastiveException>(() => embedder.BuildIndex(dir.File("absent.txt")));
    }

    [Fact]
    public void AddToIndex_EqualsBuildingOnce()
    {
        using var scope = NewDisposeScope();
        using var once = Embedder();
        once.BuildIndex(Corpus);
        using var twice = Embedder();
        twice.AddToIndex(Corpus.Take(6));   // builds the index
        twice.AddToIndex(Corpus.Skip(6));

        Assert.Equal(Corpus.Length, twice.Index!.Count);
        var a = once.Search(Queries, -1, 6);
        var b = twice.Search(Queries, -1, 6);
        for (int i = 0; i < Queries.Length; i++)
        {
            Assert.Equal(a[i].Select(h => h.Sentence), b[i].Select(h => h.Sentence));
            Assert.Equal(a[i].Select(h => h.Score), b[i].Select(h => h.Score), new ToleranceComparer(1e-5));
        }
    }

    [Fact]
    public void UseIndex_SavedAndLoadedIndex_GivesSameResults()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using var embedder = Embedder();
        embedder.BuildIndex(Corpus);
        var before = embedder.Search(Queries, 0.0, 3);
        embedder.Index!.Save(dir.Path);

        using var other = Embedder();
        other.UseIndex(VectorIndexFolder.Load(dir.Path));

        var after = other.Search(Queries, 0.0, 3);
        for (int i = 0; i < Queries.Length; i++)
            Assert.Equal(before[i], after[i]);
    }

    [Fact]
    public void UseIndex_OtherDimension_ThrowsContrastiveException()
    {
        using var embedder = Embedder();

        var e = Assert.Throws<ContrastiveException>(() => embedder.UseIndex(new ExactInnerProductIndex(16)));

        Assert.Contains("16-dimensional", e.Message);
        Assert.Contains("32-dimensional", e.Message);
        Assert.Null(embedder.Index);
    }

    [Fact]
    public void Load_ModelFolder_RecordsFullPathAndEncodesLikeTheEncoder()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var encoder = TinyBert.SceneEncoder(seed: 3);
        SentenceEncoderFolder.Save(dir.Path, encoder.Bert, encoder.Tokenizer, SentencePipeline.FromPooler(encoder.Bert, PoolerType.Avg, 32));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, dir.Path);

        using var embedder = SentenceEmbedder.Load(relative);
        embedder.BuildIndex(Corpus.Take(3));

        Assert.Equal(Path.GetFullPath(dir.Path), embedder.ModelPath);
        Assert.Equal(Path.GetFullPath(dir.Path), embedder.Index!.Model);
        Assert.True(embedder.Encode(Corpus).allclose(encoder.Encode(Corpus, normalize: true), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void BuildIndex_Ivf_TrainsCellsAndSearchesLikeExactWhenEveryCellIsProbed()
    {
        using var scope = NewDisposeScope();
        using var exact = Embedder();
        exact.BuildIndex(Corpus);
        using var ivf = Embedder();

        ivf.BuildIndex(Corpus, new IvfOptions { Cells = 4, NProbe = 4 });

        var index = Assert.IsType<IvfIndex>(ivf.Index);
        Assert.Equal(4, index.Cells);
        Assert.Equal(Corpus.Length, index.Count);
        var a = exact.Search(Queries, -1, 5);
        var b = ivf.Search(Queries, -1, 5);
        for (int i = 0; i < Queries.Length; i++)
            Assert.Equal(a[i].Select(h => h.Sentence), b[i].Select(h => h.Sentence));
    }

    [Fact]
    public void SemanticSearch_Sentences_EqualsIndexSearchWithoutThreshold()
    {
        using var scope = NewDisposeScope();
        using var embedder = Embedder();
        embedder.BuildIndex(Corpus);

        var direct = embedder.SemanticSearch(Queries, Corpus, topK: 4);

        var indexed = embedder.Search(Queries, threshold: -1, topK: 4);
        for (int i = 0; i < Queries.Length; i++)
        {
            Assert.Equal(indexed[i].Select(h => h.Sentence), direct[i].Select(h => h.Sentence));
            Assert.Equal(indexed[i].Select(h => h.Score), direct[i].Select(h => h.Score), new ToleranceComparer(1e-5));
        }
    }

    [Fact]
    public void MineParaphrasesAndDetectCommunities_DuplicatedSentences_AreFoundTogether()
    {
        using var scope = NewDisposeScope();
        using var embedder = Embedder();
        string[] sentences = ["A man plays the guitar.", "A cat sits on the mat.", "A man plays the guitar.", "The dog is slow.", "A man plays the guitar."];

        var pairs = embedder.MineParaphrases(sentences, topK: 2);
        var communities = embedder.DetectCommunities(sentences, threshold: 0.999, minCommunitySize: 2);

        Assert.Equal([(0, 2), (0, 4), (2, 4)], pairs.Take(3).Select(p => (p.First, p.Second)).Order());
        Assert.All(pairs.Take(3), p => Assert.Equal(1.0, p.Score, 1e-5));
        Assert.Equal([0, 2, 4], Assert.Single(communities).Order());
    }

    [Fact]
    public void Load_Bf16_EncodesCloseToFloat32()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var encoder = TinyBert.SceneEncoder(seed: 4);
        SentenceEncoderFolder.Save(dir.Path, encoder.Bert, encoder.Tokenizer, SentencePipeline.FromPooler(encoder.Bert, PoolerType.Avg, 32));

        using var fp32 = SentenceEmbedder.Load(dir.Path);
        using var bf16 = SentenceEmbedder.Load(dir.Path, dtype: ScalarType.BFloat16);

        Assert.Equal(ScalarType.BFloat16, Assert.IsType<Contrastive.Embeddings.Backends.TorchSharpSentenceEncoder>(bf16.Encoder).Encoder.Dtype);
        var a = fp32.Encode(Corpus);
        var b = bf16.Encode(Corpus);
        Assert.Equal(ScalarType.Float32, b.dtype);
        Assert.True((a * b).sum(1).min().item<float>() > 0.99f);
    }

    sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}

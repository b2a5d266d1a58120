using System.Text;
using Contrastive.Core;
using Contrastive.Text.Baselines;

namespace Contrastive.Text.Tests.Baselines;

public class TfIdfEncoderTests
{
    // N = 3 documents; df: the 3, cat 2, sat 2, dog 1, ran 1.
    static readonly string[] Training = ["The cat sat.", "The dog sat.", "the CAT ran"];

    // Smooth idf by hand, ln((1 + N) / (1 + df)) + 1 with N = 3.
    static readonly double IdfThe = Math.Log(4.0 / 4.0) + 1;   // 1
    static readonly double IdfCat = Math.Log(4.0 / 3.0) + 1;   // 1.2876820724517808
    static readonly double IdfSat = IdfCat;
    static readonly double IdfDog = Math.Log(4.0 / 2.0) + 1;   // 1.6931471805599454
    static readonly double IdfUnseen = Math.Log(4.0 / 1.0) + 1; // 2.386294361119891

    [Fact]
    public void Fit_HandCase_GivesSmoothIdf()
    {
        var tfidf = TfIdfEncoder.Fit(Training);
        Assert.Equal(3, tfidf.DocumentCount);
        Assert.Equal(5, tfidf.VocabularySize);
        Assert.Equal(3, tfidf.DocumentFrequency("the"));
        Assert.Equal(2, tfidf.DocumentFrequency("cat"));
        Assert.Equal(1.0, tfidf.Idf("the"), 12);
        Assert.Equal(1.2876820724517808, tfidf.Idf("cat"), 12);
        Assert.Equal(1.6931471805599454, tfidf.Idf("dog"), 12);
        Assert.Equal(2.386294361119891, tfidf.Idf("bird"), 12);  // unseen: df = 0
    }

    [Fact]
    public void Vector_HandCase_IsRawCountTimesIdfL2Normalised()
    {
        var tfidf = TfIdfEncoder.Fit(Training);
        var v = tfidf.Vector("The cat, the cat and a bird!");
        // tf: the 2, cat 2, and 1, a 1, bird 1; "and", "a", "bird" are unseen.
        double the = 2 * IdfThe, cat = 2 * IdfCat, unseen = IdfUnseen;
        double norm = Math.Sqrt(the * the + cat * cat + 3 * unseen * unseen);
        Assert.Equal(5, v.Count);
        Assert.Equal(the / norm, v["the"], 12);
        Assert.Equal(cat / norm, v["cat"], 12);
        Assert.Equal(unseen / norm, v["bird"], 12);
        Assert.Equal(unseen / norm, v["a"], 12);
    }

    [Fact]
    public void Similarity_HandCase_IsTheCosineOfTheTfIdfVectors()
    {
        var tfidf = TfIdfEncoder.Fit(Training);
        // a = (the, cat, sat), b = (the, dog, sat): shared words the and sat.
        double dot = IdfThe * IdfThe + IdfSat * IdfSat;
        double na = Math.Sqrt(IdfThe * IdfThe + IdfCat * IdfCat + IdfSat * IdfSat);
        double nb = Math.Sqrt(IdfThe * IdfThe + IdfDog * IdfDog + IdfSat * IdfSat);
        Assert.Equal(dot / (na * nb), tfidf.Similarity("the cat sat", "The dog sat!"), 12);
        Assert.Equal(1.0, tfidf.Similarity("cat sat the", "The cat sat"), 12);
        Assert.Equal(0.0, tfidf.Similarity("cat", "dog"));
        Assert.Equal(0.0, tfidf.Similarity("", "cat"));
    }

    [Fact]
    public void Idf_ComesFromTheTrainingCorpusOnly()
    {
        var tfidf = TfIdfEncoder.Fit(Training);
        var test = new[] { "bird bird bird", "a bird and a cat", "cat cat cat cat" };
        tfidf.Encode(test).Dispose();
        foreach (var s in test) tfidf.Similarity(s, s);
        Assert.Equal(0, tfidf.DocumentFrequency("bird"));
        Assert.Equal(2, tfidf.DocumentFrequency("cat"));
        Assert.Equal(IdfUnseen, tfidf.Idf("bird"), 12);

        // Another training corpus in which "cat" is everywhere changes the weights of the same test pair.
        var catHeavy = TfIdfEncoder.Fit(["cat", "cat dog", "cat sat", "the cat"]);
        Assert.NotEqual(tfidf.Similarity("the cat sat", "the cat ran"), catHeavy.Similarity("the cat sat", "the cat ran"), 6);
    }

    [Fact]
    public void Encode_WithoutCollisions_HashedCosineEqualsExactSparseCosine()
    {
        var tfidf = TfIdfEncoder.Fit(Training, buckets: 1 << 12);
        var sentences = new[] { "the cat sat", "The dog sat!", "a cat ran with the dog", "dog dog bird", "" };
        var words = sentences.SelectMany(BagOfWordsTokenizer.Tokenize).Distinct().ToList();
        var buckets = words.Select(w => TfIdfEncoder.Bucket(w, tfidf.Buckets)).ToList();
        Assert.Equal(words.Count, buckets.Distinct().Count());   // precondition: no collision in this case

        var e = tfidf.Encode(sentences);
        Assert.Equal(new long[] { sentences.Length, 1 << 12 }, e.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Float32, e.dtype);
        var rows = e.data<float>().ToArray();
        float[] Row(int i) => rows.AsSpan(i * tfidf.Buckets, tfidf.Buckets).ToArray();
        for (int i = 0; i < sentences.Length - 1; i++)
        {
            Assert.Equal(1.0, Math.Sqrt(Row(i).Sum(x => (double)x * x)), 5);
            for (int j = 0; j < sentences.Length - 1; j++)
            {
                double hashed = Row(i).Zip(Row(j), (x, y) => (double)x * y).Sum();
                Assert.Equal(tfidf.Similarity(sentences[i], sentences[j]), hashed, 6);
            }
        }
        Assert.All(Row(sentences.Length - 1), x => Assert.Equal(0f, x));       // no token: zero row
        // The weight of a word sits in its bucket.
        Assert.Equal(tfidf.Vector("the cat sat")["cat"], Row(0)[TfIdfEncoder.Bucket("cat", tfidf.Buckets)], 6);
    }

    [Fact]
    public void Encode_OneBucket_CollisionsMergeEveryWord()
    {
        var tfidf = TfIdfEncoder.Fit(Training, buckets: 1);
        var e = tfidf.Encode(["the cat", "dog", "!"]);
        Assert.Equal(new float[] { 1, 1, 0 }, e.data<float>().ToArray());
    }

    [Fact]
    public void Bucket_IsFnv1aOfTheUtf8Bytes()
    {
        // Reference values of 32-bit FNV-1a (Fowler, Noll, Vo test suite).
        Assert.Equal(0x811c9dc5u, TfIdfEncoder.Fnv1a32([]));
        Assert.Equal(0xe40c292cu, TfIdfEncoder.Fnv1a32("a"u8));
        Assert.Equal(0xbf9cf968u, TfIdfEncoder.Fnv1a32("foobar"u8));
        Assert.Equal((int)(0xbf9cf968u % 1000), TfIdfEncoder.Bucket("foobar", 1000));
        Assert.Equal((int)(TfIdfEncoder.Fnv1a32(Encoding.UTF8.GetBytes("東京")) % 77), TfIdfEncoder.Bucket("東京", 77));
    }

    [Fact]
    public void Fit_EmptyCorpus_ThrowsContrastiveException()
    {
        Assert.Throws<ContrastiveException>(() => TfIdfEncoder.Fit([]));
    }

    [Fact]
    public void Fit_ZeroBuckets_ThrowsNamingTheValue()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TfIdfEncoder.Fit(Training, buckets: 0));
        Assert.Contains("0", e.Message);
    }

    [SkippableFact]
    public void Similarity_StsBenchmarkTest_ScoresSimilarPairsAboveDissimilarOnes()
    {
        var train = StsBenchmarkFile.Read(SharedData.Require("sts/sts-train.csv"));
        var test = StsBenchmarkFile.Read(SharedData.Require("sts/sts-test.csv"));
        var tfidf = TfIdfEncoder.Fit(train.SelectMany(p => new[] { p.A, p.B }));
        double auc = StsBenchmarkFile.Auc(
            test.Where(p => p.Score >= 4).Select(p => tfidf.Similarity(p.A, p.B)).ToArray(),
            test.Where(p => p.Score <= 1).Select(p => tfidf.Similarity(p.A, p.B)).ToArray());
        Assert.True(auc > 0.85, $"P(cosine of a gold >= 4 pair > cosine of a gold <= 1 pair) = {auc:F3}");
    }
}

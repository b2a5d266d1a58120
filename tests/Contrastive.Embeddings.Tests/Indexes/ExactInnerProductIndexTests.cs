using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Indexes;

public class ExactInnerProductIndexTests
{
    const int D = 16;

    static Tensor Random(int rows, int seed, int dim = D) => randn(rows, dim, generator: new Generator((ulong)seed, CPU));

    static string[] Names(int from, int count) => Enumerable.Range(from, count).Select(i => $"s{i}").ToArray();

    /// <summary>Rows of a tensor as double arrays, normalised to unit length when asked.</summary>
    static double[][] Rows(Tensor t, bool unit)
    {
        int n = (int)t.shape[0], d = (int)t.shape[1];
        var flat = t.to(ScalarType.Float64).contiguous().data<double>().ToArray();
        return Enumerable.Range(0, n).Select(i =>
        {
            var row = flat.AsSpan(i * d, d).ToArray();
            double norm = unit ? Math.Sqrt(row.Sum(x => x * x)) : 1;
            return row.Select(x => x / norm).ToArray();
        }).ToArray();
    }

    static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    /// <summary>The reference: every score computed, fully sorted, the first k kept.</summary>
    static (int Index, double Score)[] FullSortTopK(double[] query, double[][] corpus, int k) =>
        corpus.Select((x, i) => (Index: i, Score: Dot(query, x))).OrderByDescending(p => p.Score).Take(k).ToArray();

    /// <summary>
    /// Asserts that <paramref name="matches"/> is a valid top-k: the same scores as the full sort (so ties may pick
    /// any of the tied rows), distinct rows whose own scores match, the right sentences, best first.
    /// </summary>
    static void AssertTopK((int Index, double Score)[] expected, IReadOnlyList<IndexMatch> matches, double[] query, double[][] corpus)
    {
        Assert.Equal(expected.Length, matches.Count);
        Assert.Equal(matches.Count, matches.Select(m => m.Index).Distinct().Count());
        for (int j = 0; j < matches.Count; j++)
        {
            Assert.Equal(expected[j].Score, matches[j].Score, 1e-5);
            Assert.Equal(Dot(query, corpus[matches[j].Index]), matches[j].Score, 1e-5);
            Assert.Equal($"s{matches[j].Index}", matches[j].Sentence);
            if (j > 0) Assert.True(matches[j - 1].Score >= matches[j].Score);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 5)]
    [InlineData(7, 5)]
    [InlineData(7, 13)]
    [InlineData(64, 20)]
    [InlineData(200, 5)]
    [InlineData(1000, 250)]   // k > N
    [InlineData(3, 250)]      // k > N and k > chunk
    public void Search_RandomData_EqualsFullSort(int chunkRows, int k)
    {
        using var scope = NewDisposeScope();
        var corpus = Random(200, seed: 1);
        var queries = Random(9, seed: 2);
        using var index = new ExactInnerProductIndex(D, chunkRows: chunkRows);
        index.Add(corpus, Names(0, 200));

        var results = index.Search(queries, k);

        var x = Rows(corpus, unit: true);
        var q = Rows(queries, unit: false);
        Assert.Equal(9, results.Count);
        for (int i = 0; i < 9; i++) AssertTopK(FullSortTopK(q[i], x, k), results[i], q[i], x);
    }

    [Fact]
    public void Search_TiedScores_ReturnsTiedRowsWithEqualScores()
    {
        using var scope = NewDisposeScope();
        // Rows 0, 2, 4 are the same vector, rows 1 and 3 another: the top 3 for a query along row 0 are exactly {0, 2, 4}.
        var a = tensor(new float[] { 1, 0, 0, 0 });
        var b = tensor(new float[] { 0, 1, 0, 0 });
        using var index = new ExactInnerProductIndex(4, chunkRows: 2);
        index.Add(stack([a, b, a, b, a]), Names(0, 5));

        var matches = index.Search(a.unsqueeze(0), 3)[0];

        Assert.Equal([0, 2, 4], matches.Select(m => m.Index).Order());
        Assert.All(matches, m => Assert.Equal(1f, m.Score));
    }

    [Fact]
    public void Search_MoreQueriesThanOneBlock_EqualsSearchingEachQueryAlone()
    {
        using var scope = NewDisposeScope();
        int q = ExactInnerProductIndex.QueryBlockRows + 37;
        var queries = Random(q, seed: 4, dim: 4);
        using var index = new ExactInnerProductIndex(4, chunkRows: 16);
        index.Add(Random(50, seed: 3, dim: 4), Names(0, 50));

        var batched = index.Search(queries, 3);

        Assert.Equal(q, batched.Count);
        foreach (int i in new[] { 0, 1, ExactInnerProductIndex.QueryBlockRows - 1, ExactInnerProductIndex.QueryBlockRows, q - 1 })
        {
            var alone = index.Search(queries.narrow(0, i, 1), 3)[0];
            Assert.Equal(alone.Select(m => m.Index), batched[i].Select(m => m.Index));
            Assert.All(alone.Zip(batched[i]), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6));
        }
    }

    [Fact]
    public void Search_EmptyIndexOrNoQueries_ReturnsEmptyLists()
    {
        using var scope = NewDisposeScope();
        using var index = new ExactInnerProductIndex(D);

        var results = index.Search(Random(3, seed: 1), 5);

        Assert.Equal(3, results.Count);
        Assert.All(results, Assert.Empty);
        index.Add(Random(4, seed: 2), Names(0, 4));
        Assert.Empty(index.Search(zeros(0, D), 5));
    }

    [Fact]
    public void Search_BadArguments_Throw()
    {
        using var scope = NewDisposeScope();
        using var index = new ExactInnerProductIndex(D);
        index.Add(Random(4, seed: 2), Names(0, 4));

        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(Random(1, seed: 1), 0));
        Assert.Contains("(N, 16)", Assert.Throws<ArgumentException>(() => index.Search(Random(1, seed: 1, dim: 8), 1)).Message);
        Assert.Throws<ArgumentException>(() => index.Search(zeros(D), 1));
    }

    [Fact]
    public void Add_StoresUnitRowsAndSentencesInOrder()
    {
        using var scope = NewDisposeScope();
        using var index = new ExactInnerProductIndex(3, model: "/models/m");
        index.Add(tensor(new float[] { 3, 4, 0, 0, 0, 2 }, new long[] { 2, 3 }), ["first", "second"]);

        Assert.Equal(2, index.Count);
        Assert.Equal("/models/m", index.Model);
        Assert.Equal(["first", "second"], index.Sentences);
        Assert.Equal([0.6f, 0.8f, 0, 0, 0, 1], index.Vectors().data<float>().ToArray());
    }

    [Fact]
    public void Add_InSeveralBatches_EqualsAddingAllAtOnce()
    {
        using var scope = NewDisposeScope();
        var corpus = Random(2600, seed: 5);   // grows the storage past its first capacities
        var queries = Random(4, seed: 6);
        using var once = new ExactInnerProductIndex(D, chunkRows: 1000);
        once.Add(corpus, Names(0, 2600));
        using var incremental = new ExactInnerProductIndex(D, chunkRows: 1000);
        foreach (var (start, count) in new[] { (0, 1), (1, 1200), (1201, 0), (1201, 1399) })
            incremental.Add(corpus.narrow(0, start, count), Names(start, count));

        Assert.Equal(2600, incremental.Count);
        Assert.True(TestTensors.Same(once.Vectors(), incremental.Vectors()));
        Assert.Equal(once.Search(queries, 7), incremental.Search(queries, 7), new MatchListComparer());
    }

    sealed class MatchListComparer : IEqualityComparer<IReadOnlyList<IndexMatch>>
    {
        public bool Equals(IReadOnlyList<IndexMatch>? x, IReadOnlyList<IndexMatch>? y) => x!.SequenceEqual(y!);
        public int GetHashCode(IReadOnlyList<IndexMatch> obj) => obj.Count;
    }

    [Fact]
    public void Add_BadInput_ThrowsAndLeavesIndexUnchanged()
    {
        using var scope = NewDisposeScope();
        using var index = new ExactInnerProductIndex(D);
        index.Add(Random(2, seed: 1), Names(0, 2));

        Assert.Contains("3 sentences", Assert.Throws<ArgumentException>(() => index.Add(Random(2, seed: 2), Names(0, 3))).Message);
        Assert.Throws<ArgumentException>(() => index.Add(Random(2, seed: 2, dim: 5), Names(0, 2)));
        Assert.Throws<ArgumentException>(() => index.Add(ones(2, D, dtype: ScalarType.Int64), Names(0, 2)));
        var nan = Random(2, seed: 2);
        nan[1, 3] = tensor(float.NaN);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => index.Add(nan, Names(0, 2))).Message);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Search_ConcurrentWithAdd_EverySearchSeesAConsistentSnapshot()
    {
        using var scope = NewDisposeScope();
        const int initial = 100, batch = 10, batches = 20, readers = 8, searchesPerReader = 25, k = 6;
        var corpus = Random(initial + batch * batches, seed: 7);
        var queries = Random(readers, seed: 8);
        var x = Rows(corpus, unit: true);
        var q = Rows(queries, unit: false);
        using var index = new ExactInnerProductIndex(D, chunkRows: 32);
        var (results, failures) = ConcurrentAdding.Run(index, corpus, queries, initial, batch, batches, searchesPerReader, k);

        Assert.Empty(failures);
        Assert.Equal(initial + batch * batches, index.Count);
        // Each result is the exact top-k of the index as it stood after some whole number of additions.
        var snapshots = Enumerable.Range(0, batches + 1).Select(b => x.Take(initial + b * batch).ToArray()).ToArray();
        for (int r = 0; r < readers; r++)
            foreach (var matches in results[r])
            {
                Assert.Equal(k, matches.Count);
                Assert.Contains(snapshots, snap =>
                    matches.All(m => m.Index < snap.Length) &&
                    FullSortTopK(q[r], snap, k).Select(e => e.Score).Zip(matches, (e, m) => Math.Abs(e - m.Score) < 1e-5).All(ok => ok));
                for (int j = 0; j < k; j++)
                {
                    Assert.Equal($"s{matches[j].Index}", matches[j].Sentence);
                    Assert.Equal(Dot(q[r], x[matches[j].Index]), matches[j].Score, 1e-5);
                }
            }
    }

    [Fact]
    public void SaveLoad_RoundTripsVectorsSentencesAndModel()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        string[] sentences = ["plain", "with\nnewline", "tab\tand \"quotes\" and \\", "", "naïve café 東京 🙂", "\u2028separator"];
        using var index = new ExactInnerProductIndex(D, model: "/abs/model dir");
        index.Add(Random(sentences.Length, seed: 3), sentences);
        index.Save(dir.Path);

        using var loaded = ExactInnerProductIndex.Load(dir.Path);

        Assert.Equal(D, loaded.Dimension);
        Assert.Equal("/abs/model dir", loaded.Model);
        Assert.Equal(sentences, loaded.Sentences);
        Assert.True(TestTensors.Same(index.Vectors(), loaded.Vectors()));
        var queries = Random(3, seed: 4);
        Assert.Equal(index.Search(queries, 4), loaded.Search(queries, 4), new MatchListComparer());
        var manifest = VectorIndexManifest.Load(dir.Path);
        Assert.Equal(new VectorIndexManifest(ExactInnerProductIndex.KindName, D, sentences.Length, "/abs/model dir"), manifest);
        Assert.Equal(sentences.Length, File.ReadAllLines(dir.File(ExactInnerProductIndex.SentencesFileName)).Length);
        Assert.Equal([VectorIndexManifest.FileName, ExactInnerProductIndex.SentencesFileName, ExactInnerProductIndex.VectorsFileName],   // no temporary file left
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void SaveLoad_EmptyIndex_RoundTrips()
    {
        using var dir = new TempDir();
        using (var index = new ExactInnerProductIndex(8)) index.Save(dir.Path);

        using var loaded = ExactInnerProductIndex.Load(dir.Path);

        Assert.Equal(0, loaded.Count);
        Assert.Equal(8, loaded.Dimension);
        Assert.Null(loaded.Model);
    }

    /// <summary>A saved index of 5 random vectors, for the corruption tests.</summary>
    static TempDir SavedIndex()
    {
        var dir = new TempDir();
        using var scope = NewDisposeScope();
        using var index = new ExactInnerProductIndex(D, model: "m");
        index.Add(Random(5, seed: 9), Names(0, 5));
        index.Save(dir.Path);
        return dir;
    }

    static string LoadError(TempDir dir) =>
        Assert.ThrowsAny<ContrastiveException>(() => ExactInnerProductIndex.Load(dir.Path)).Message;

    [Fact]
    public void Load_TruncatedVectors_ThrowsNamingFile()
    {
        using var dir = SavedIndex();
        var path = dir.File(ExactInnerProductIndex.VectorsFileName);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 7)]);

        var message = LoadError(dir);

        Assert.Contains(path, message);
        Assert.Contains("not a valid safetensors file", message);
    }

    [Fact]
    public void Load_SentenceCountDiffersFromManifest_ThrowsNamingSentencesFile()
    {
        using var dir = SavedIndex();
        var path = dir.File(ExactInnerProductIndex.SentencesFileName);
        File.WriteAllLines(path, File.ReadAllLines(path).Take(4));

        var message = LoadError(dir);

        Assert.Contains(path, message);
        Assert.Contains("4 sentences", message);
    }

    [Fact]
    public void Load_CountInManifestDiffersFromVectors_ThrowsNamingVectorsFile()
    {
        using var dir = SavedIndex();
        EditManifest(dir, "\"count\": 5", "\"count\": 6");

        var message = LoadError(dir);

        Assert.Contains(dir.File(ExactInnerProductIndex.VectorsFileName), message);
        Assert.Contains("[5, 16]", message);
        Assert.Contains("6 vectors", message);
    }

    [Fact]
    public void Load_WrongDimensionInManifest_ThrowsNamingVectorsFile()
    {
        using var dir = SavedIndex();
        EditManifest(dir, "\"dimension\": 16", "\"dimension\": 32");

        var message = LoadError(dir);

        Assert.Contains(dir.File(ExactInnerProductIndex.VectorsFileName), message);
        Assert.Contains("dimension 32", message);
    }

    [Theory]
    [InlineData("\"dimension\": 16", "\"dimension\": 0", "\"dimension\" is 0")]
    [InlineData("\"count\": 5", "\"count\": -1", "\"count\" is -1")]
    [InlineData("\"kind\": \"exact-inner-product\"", "\"kind\": \"ivf\"", "'ivf'")]
    [InlineData("\"version\": 1", "\"version\": 2", "version 2")]
    [InlineData("\"dimension\": 16", "\"dimension\": \"16\"", "not a valid index manifest")]
    [InlineData("\"format\": \"contrastive-vector-index\"", "\"format\": \"other\"", "not a valid index manifest")]
    public void Load_InvalidManifest_ThrowsNamingIndexJson(string find, string replace, string expected)
    {
        using var dir = SavedIndex();
        EditManifest(dir, find, replace);

        var message = LoadError(dir);

        Assert.Contains(dir.File(VectorIndexManifest.FileName), message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void Load_VectorsNotUnitLength_ThrowsNamingFileAndRow()
    {
        using var dir = SavedIndex();
        using var scope = NewDisposeScope();
        var raw = Random(5, seed: 9);
        raw[0] = nn.functional.normalize(raw[0], p: 2, dim: 0);
        SafeTensors.Save(dir.File(ExactInnerProductIndex.VectorsFileName), [KeyValuePair.Create(ExactInnerProductIndex.VectorsTensorName, raw)]);

        var message = LoadError(dir);

        Assert.Contains(dir.File(ExactInnerProductIndex.VectorsFileName), message);
        Assert.Contains("row 1", message);
    }

    [Fact]
    public void Load_WrongTensorNameOrDtype_ThrowsNamingFile()
    {
        using var dir = SavedIndex();
        using var scope = NewDisposeScope();
        var path = dir.File(ExactInnerProductIndex.VectorsFileName);
        SafeTensors.Save(path, [KeyValuePair.Create("embeddings", Random(5, seed: 1))]);
        Assert.Contains("'vectors'", LoadError(dir));
        SafeTensors.Save(path, [KeyValuePair.Create(ExactInnerProductIndex.VectorsTensorName, Random(5, seed: 1).to(ScalarType.Float64))]);
        Assert.Contains("not float32", LoadError(dir));
    }

    [Fact]
    public void Load_MissingFiles_ThrowNamingThem()
    {
        using var dir = SavedIndex();
        File.Delete(dir.File(ExactInnerProductIndex.SentencesFileName));
        Assert.Contains(dir.File(ExactInnerProductIndex.SentencesFileName), LoadError(dir));
        File.Delete(dir.File(VectorIndexManifest.FileName));
        Assert.Contains(dir.File(VectorIndexManifest.FileName), LoadError(dir));
        Assert.Contains("index folder not found", Assert.Throws<ContrastiveException>(() => ExactInnerProductIndex.Load(dir.File("absent"))).Message);
    }

    static void EditManifest(TempDir dir, string find, string replace)
    {
        var path = dir.File(VectorIndexManifest.FileName);
        var text = File.ReadAllText(path);
        Assert.Contains(find, text);
        File.WriteAllText(path, text.Replace(find, replace));
    }
}

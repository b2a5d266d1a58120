using Contrastive.Core;
using Contrastive.Core.Serialization;
using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Indexes;

public class IvfIndexTests
{
    const int D = 16;

    static string[] Names(int from, int count) => Enumerable.Range(from, count).Select(i => $"s{i}").ToArray();

    static Tensor Random(int rows, int seed) => randn(rows, D, generator: new Generator((ulong)seed, CPU));

    static IvfIndex Built(Tensor vectors, IvfOptions options, string? model = null)
    {
        var index = new IvfIndex(D, options, model);
        index.Add(vectors, Names(0, (int)vectors.shape[0]));
        return index;
    }

    static double RecallAt(IReadOnlyList<IReadOnlyList<IndexMatch>> approx, IReadOnlyList<IReadOnlyList<IndexMatch>> exact)
    {
        double hits = 0, total = 0;
        for (int i = 0; i < exact.Count; i++)
        {
            var truth = exact[i].Select(m => m.Index).ToHashSet();
            hits += approx[i].Count(m => truth.Contains(m.Index));
            total += truth.Count;
        }
        return hits / total;
    }

    [Fact]
    public void Search_EveryCellProbed_EqualsExactSearch()
    {
        using var scope = NewDisposeScope();
        var corpus = Random(500, seed: 1);
        var queries = Random(20, seed: 2);
        using var ivf = Built(corpus, new IvfOptions { Cells = 12, NProbe = 12, Iterations = 5 });
        using var exact = new ExactInnerProductIndex(D);
        exact.Add(corpus, Names(0, 500));

        var a = ivf.Search(queries, 7);
        var b = exact.Search(queries, 7);

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(b[i].Select(m => m.Index), a[i].Select(m => m.Index));
            Assert.Equal(b[i].Select(m => m.Score), a[i].Select(m => m.Score), new Tolerance(1e-5));
            Assert.Equal(a[i].Select(m => $"s{m.Index}"), a[i].Select(m => m.Sentence));
        }
    }

    [Fact]
    public void Search_ClusteredData_RecallAt10AtLeast95PercentScanningFewCells()
    {
        using var scope = NewDisposeScope();
        var (corpus, centres) = ClusteredVectors.Make(4000, D, clusters: 40, sigma: 0.15, seed: 3);
        // Queries: fresh points near the same centres.
        var queries = nn.functional.normalize(centres.repeat(2, 1) + 0.15 * randn(80, D, generator: new Generator(4, CPU)), p: 2, dim: 1);
        using var ivf = Built(corpus, new IvfOptions { Cells = 40, NProbe = 3 });
        using var exact = new ExactInnerProductIndex(D);
        exact.Add(corpus, Names(0, 4000));

        double recall = RecallAt(ivf.Search(queries, 10), exact.Search(queries, 10));
        double recallOneCell = RecallAt(ivf.Search(queries, 10, nprobe: 1), exact.Search(queries, 10));

        Assert.Equal(40, ivf.Cells);
        Assert.Equal(4000, ivf.CellSizes().Sum());
        Assert.True(ivf.CellSizes().Max() < 4000 / 4, "one cell holds most of the corpus: the search would not be sub-linear");
        Assert.True(recall >= 0.95, $"recall@10 with 3 of 40 cells is {recall:F3}");
        Assert.True(recallOneCell <= recall);
    }

    [Fact]
    public void Add_FirstBatchSmallerThanCells_TrainsOneCellPerVector()
    {
        using var scope = NewDisposeScope();
        using var ivf = Built(Random(7, seed: 5), new IvfOptions());   // 100 cells asked, SimCSE's min(num_cells, n)

        Assert.Equal(7, ivf.Cells);
        var hits = ivf.Search(ivf.Vectors().narrow(0, 3, 1), 1)[0];
        Assert.Equal(3, Assert.Single(hits).Index);
        Assert.Equal(1.0, hits[0].Score, 1e-5);
    }

    [Fact]
    public void Add_LaterBatches_GoToNearestCellsAndAreFound()
    {
        using var scope = NewDisposeScope();
        var (corpus, _) = ClusteredVectors.Make(600, D, clusters: 6, sigma: 0.05, seed: 6);
        using var ivf = new IvfIndex(D, new IvfOptions { Cells = 6, NProbe = 1 });
        ivf.Add(corpus.narrow(0, 300, 300), Names(300, 300));
        var centroidsBefore = ivf.Centroids();
        ivf.Add(corpus.narrow(0, 0, 300), Names(0, 300).Select(s => "later " + s).ToArray());

        Assert.Equal(600, ivf.Count);
        Assert.True(centroidsBefore.eq(ivf.Centroids()).all().item<bool>());   // adding does not retrain
        var hit = ivf.Search(corpus.narrow(0, 5, 1), 1)[0][0];
        Assert.Equal(305, hit.Index);   // row numbers follow insertion order
        Assert.Equal("later s5", hit.Sentence);
    }

    [Fact]
    public void Train_SameSeed_SameIndex()
    {
        using var scope = NewDisposeScope();
        var corpus = Random(400, seed: 7);
        using var a = Built(corpus, new IvfOptions { Cells = 8, Seed = 5 });
        using var b = Built(corpus, new IvfOptions { Cells = 8, Seed = 5 });
        using var c = Built(corpus, new IvfOptions { Cells = 8, Seed = 6 });

        Assert.True(a.Centroids().eq(b.Centroids()).all().item<bool>());
        Assert.Equal(a.CellSizes(), b.CellSizes());
        Assert.False(a.Centroids().allclose(c.Centroids()));
    }

    [Fact]
    public void NProbe_CanChangeBetweenSearchesButNotBelowOne()
    {
        using var ivf = new IvfIndex(D, new IvfOptions { NProbe = 4 });
        Assert.Equal(4, ivf.NProbe);
        ivf.NProbe = 9;
        Assert.Equal(9, ivf.NProbe);
        Assert.Throws<ArgumentOutOfRangeException>(() => ivf.NProbe = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => ivf.Search(zeros(1, D), 1, nprobe: 0));
        Assert.Empty(ivf.Search(zeros(1, D), 3)[0]);   // untrained and empty
    }

    [Fact]
    public void Search_ConcurrentWithAdd_EverySearchSeesAConsistentSnapshot()
    {
        using var scope = NewDisposeScope();
        const int initial = 200, batch = 20, batches = 15, readers = 6, searches = 20, k = 5;
        var corpus = Random(initial + batch * batches, seed: 8);
        var queries = Random(readers, seed: 9);
        using var ivf = new IvfIndex(D, new IvfOptions { Cells = 8, NProbe = 8, Iterations = 3 });   // all cells: exact
        var (results, failures) = ConcurrentAdding.Run(ivf, corpus, queries, initial, batch, batches, searches, k);

        Assert.Empty(failures);
        Assert.Equal(initial + batch * batches, ivf.Count);
        for (int r = 0; r < readers; r++)
        {
            // The exact top-k scores of this reader's query after each whole number of additions.
            var expected = Enumerable.Range(0, batches + 1).Select(b =>
            {
                using var e = new ExactInnerProductIndex(D);
                e.Add(corpus.narrow(0, 0, initial + b * batch), Names(0, initial + b * batch));
                return e.Search(queries.narrow(0, r, 1), k)[0].Select(m => m.Score).ToArray();
            }).ToArray();
            foreach (var matches in results[r])
            {
                Assert.Equal(k, matches.Count);
                Assert.Contains(expected, scores => scores.Zip(matches, (s, m) => Math.Abs(s - m.Score) < 1e-5).All(ok => ok));
                Assert.All(matches, m => Assert.Equal($"s{m.Index}", m.Sentence));
            }
        }
    }

    [Fact]
    public void SaveLoad_RoundTripsCentroidsListsAndResults()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var (corpus, _) = ClusteredVectors.Make(300, D, clusters: 10, sigma: 0.3, seed: 10);
        string[] sentences = [.. Names(0, 299), "naïve\nline"];
        using var ivf = new IvfIndex(D, new IvfOptions { Cells = 10, NProbe = 2 }, model: "/m");
        ivf.Add(corpus, sentences);
        ivf.NProbe = 3;
        ivf.Save(dir.Path);

        using var loaded = Assert.IsType<IvfIndex>(VectorIndexFolder.Load(dir.Path));

        Assert.Equal("/m", loaded.Model);
        Assert.Equal(3, loaded.NProbe);
        Assert.Equal(10, loaded.Cells);
        Assert.Equal(sentences, loaded.Sentences);
        Assert.True(ivf.Vectors().eq(loaded.Vectors()).all().item<bool>());
        Assert.True(ivf.Centroids().eq(loaded.Centroids()).all().item<bool>());
        Assert.Equal(ivf.CellSizes(), loaded.CellSizes());
        var queries = Random(5, seed: 11);
        var a = ivf.Search(queries, 6);
        var b = loaded.Search(queries, 6);
        for (int i = 0; i < 5; i++) Assert.Equal(a[i], b[i]);
        var manifest = VectorIndexManifest.Load(dir.Path);
        Assert.Equal((IvfIndex.KindName, 10, 3), (manifest.Kind, manifest.Cells, manifest.NProbe));
    }

    static TempDir Saved()
    {
        var dir = new TempDir();
        using var scope = NewDisposeScope();
        using var ivf = Built(Random(40, seed: 12), new IvfOptions { Cells = 4, Iterations = 2 });
        ivf.Save(dir.Path);
        return dir;
    }

    static string LoadError(TempDir dir) => Assert.ThrowsAny<ContrastiveException>(() => IvfIndex.Load(dir.Path)).Message;

    static void RewriteTensors(TempDir dir, Func<Dictionary<string, Tensor>, IEnumerable<KeyValuePair<string, Tensor>>> change)
    {
        var path = dir.File(ExactInnerProductIndex.VectorsFileName);
        var tensors = SafeTensors.Load(path);
        SafeTensors.Save(path, change(tensors).ToArray());
    }

    [Fact]
    public void Load_AssignmentOutOfRange_ThrowsNamingFileAndRow()
    {
        using var scope = NewDisposeScope();
        using var dir = Saved();
        RewriteTensors(dir, t =>
        {
            t[IvfIndex.AssignmentsTensorName][17] = tensor(9L);
            return t;
        });

        var message = LoadError(dir);

        Assert.Contains(dir.File(ExactInnerProductIndex.VectorsFileName), message);
        Assert.Contains("row 17 is assigned to cell 9", message);
    }

    [Fact]
    public void Load_MissingCentroidsOrWrongShapes_ThrowNamingFile()
    {
        using var scope = NewDisposeScope();
        using (var dir = Saved())
        {
            RewriteTensors(dir, t => t.Where(p => p.Key != IvfIndex.CentroidsTensorName));
            Assert.Contains("expected the tensors", LoadError(dir));
        }
        using (var dir = Saved())
        {
            RewriteTensors(dir, t =>
            {
                t[IvfIndex.CentroidsTensorName] = t[IvfIndex.CentroidsTensorName].narrow(1, 0, D - 1);
                return t;
            });
            Assert.Contains("centroids tensor", LoadError(dir));
        }
        using (var dir = Saved())
        {
            RewriteTensors(dir, t =>
            {
                t[IvfIndex.CentroidsTensorName] = t[IvfIndex.CentroidsTensorName] * 2;
                return t;
            });
            Assert.Contains("centroids row 0 has norm", LoadError(dir));
        }
    }

    [Fact]
    public void Load_TruncatedFileOrManifestMismatch_ThrowsNamingFile()
    {
        using (var dir = Saved())
        {
            var path = dir.File(ExactInnerProductIndex.VectorsFileName);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^5]);
            Assert.Contains(path, LoadError(dir));
        }
        using (var dir = Saved())
        {
            var path = dir.File(VectorIndexManifest.FileName);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"count\": 40", "\"count\": 41"));
            Assert.Contains("records 41 vectors", LoadError(dir));
        }
        using (var dir = Saved())
        {
            var path = dir.File(VectorIndexManifest.FileName);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"cells\": 4,", ""));
            Assert.Contains("needs \"cells\"", LoadError(dir));
        }
        using (var dir = Saved())
        {
            File.AppendAllText(dir.File(ExactInnerProductIndex.SentencesFileName), "\"extra\"\n");
            Assert.Contains("holds 41 sentences", LoadError(dir));
        }
    }

    [Fact]
    public void Load_ExactIndexFolder_SaysWhichKindItIs()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using (var exact = new ExactInnerProductIndex(D)) exact.Save(dir.Path);

        Assert.Contains("not 'ivf-flat'", LoadError(dir));
    }

    sealed class Tolerance(double tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}

using Contrastive.Core;
using Contrastive.Embeddings.Indexes;

namespace Contrastive.Embeddings.Tests.Indexes;

public class VectorIndexManifestTests
{
    [Fact]
    public void SaveLoad_RoundTripsWithSnakeCaseKeys()
    {
        using var dir = new TempDir();
        var manifest = new VectorIndexManifest("exact-inner-product", 768, 1000, "/models/simcse");

        manifest.Save(dir.Path);

        Assert.Equal(manifest, VectorIndexManifest.Load(dir.Path));
        var text = File.ReadAllText(dir.File(VectorIndexManifest.FileName));
        foreach (var key in new[] { "\"kind\"", "\"dimension\"", "\"count\"", "\"model\"", "\"format\": \"contrastive-vector-index\"", "\"version\": 1" })
            Assert.Contains(key, text);
    }

    [Fact]
    public void SaveLoad_IvfCellsAndNProbe_RoundTripAndAreAbsentForExactIndexes()
    {
        using var dir = new TempDir();
        using var other = new TempDir();
        var ivf = new VectorIndexManifest("ivf-flat", 256, 10, "/m") { Cells = 100, NProbe = 10 };

        ivf.Save(dir.Path);
        new VectorIndexManifest("exact-inner-product", 256, 10).Save(other.Path);

        Assert.Equal(ivf, VectorIndexManifest.Load(dir.Path));
        Assert.Contains("\"cells\": 100", File.ReadAllText(dir.File(VectorIndexManifest.FileName)));
        Assert.Contains("\"nprobe\": 10", File.ReadAllText(dir.File(VectorIndexManifest.FileName)));
        Assert.DoesNotContain("cells", File.ReadAllText(other.File(VectorIndexManifest.FileName)));
        Assert.Null(VectorIndexManifest.Load(other.Path).NProbe);
    }

    [Theory]
    [InlineData("not json", "not a valid index manifest")]
    [InlineData("[1, 2]", "not a valid index manifest")]
    [InlineData("""{"format": "contrastive-vector-index", "version": 1, "dimension": 4, "count": 0}""", "no \"kind\"")]
    [InlineData("""{"format": "contrastive-vector-index", "version": 1, "kind": "k", "count": 0}""", "\"dimension\" is 0")]
    public void Load_Invalid_ThrowsNamingFile(string json, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File(VectorIndexManifest.FileName), json);

        var message = Assert.Throws<ContrastiveException>(() => VectorIndexManifest.Load(dir.Path)).Message;

        Assert.Contains(dir.File(VectorIndexManifest.FileName), message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void Load_FolderWithoutManifest_SaysItIsNotAnIndex()
    {
        using var dir = new TempDir();

        var message = Assert.Throws<ContrastiveException>(() => VectorIndexManifest.Load(dir.Path)).Message;

        Assert.Contains(dir.File(VectorIndexManifest.FileName), message);
        Assert.Contains("not a saved index", message);
    }
}

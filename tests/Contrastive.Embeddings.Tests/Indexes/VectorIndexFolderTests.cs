using Contrastive.Core;
using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Indexes;

public class VectorIndexFolderTests
{
    [Fact]
    public void Load_ExactIndexFolder_ReturnsExactIndexWithSameContents()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        using (var index = new ExactInnerProductIndex(4, model: "model"))
        {
            index.Add(eye(4), ["a", "b", "c", "d"]);
            index.Save(dir.Path);
        }

        using var loaded = VectorIndexFolder.Load(dir.Path);

        var exact = Assert.IsType<ExactInnerProductIndex>(loaded);
        Assert.Equal(["a", "b", "c", "d"], exact.Sentences);
        Assert.Equal("c", loaded.Search(eye(4)[2].unsqueeze(0), 1)[0][0].Sentence);
    }

    [Fact]
    public void Load_UnknownKind_ThrowsNamingKindAndKnownKinds()
    {
        using var dir = new TempDir();
        new VectorIndexManifest("hnsw", 4, 0).Save(dir.Path);

        var message = Assert.Throws<ContrastiveException>(() => VectorIndexFolder.Load(dir.Path)).Message;

        Assert.Contains(dir.File(VectorIndexManifest.FileName), message);
        Assert.Contains("'hnsw'", message);
        Assert.Contains(ExactInnerProductIndex.KindName, message);
        Assert.Contains(IvfIndex.KindName, message);
    }
}

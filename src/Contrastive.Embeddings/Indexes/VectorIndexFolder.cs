using Contrastive.Core;

namespace Contrastive.Embeddings.Indexes;

/// <summary>Opens a saved index folder of any kind, dispatching on the <c>kind</c> recorded in <c>index.json</c>.</summary>
public static class VectorIndexFolder
{
    /// <summary>The kinds this build can open.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [ExactInnerProductIndex.KindName, IvfIndex.KindName];

    /// <exception cref="ContrastiveException">The folder is not a valid index or its kind is unknown; the message names the file.</exception>
    public static IVectorIndex Load(string directory)
    {
        var manifest = VectorIndexManifest.Load(directory);
        return manifest.Kind switch
        {
            ExactInnerProductIndex.KindName => ExactInnerProductIndex.Load(directory),
            IvfIndex.KindName => IvfIndex.Load(directory),
            _ => throw new ContrastiveException(
                $"{Path.Combine(directory, VectorIndexManifest.FileName)}: unknown index kind '{manifest.Kind}'; known kinds are {string.Join(", ", Kinds)}."),
        };
    }
}

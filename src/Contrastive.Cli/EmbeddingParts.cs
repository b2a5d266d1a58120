using Contrastive.Core;
using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.Cli;

/// <summary>Reads and writes the embedding files of <c>contrastive encode</c> (.npy, or .safetensors with tensor
/// <c>embeddings</c>), and joins the parts written by <c>--shard</c> in the order given.</summary>
public static class EmbeddingParts
{
    /// <exception cref="ContrastiveException">The extension is neither .npy nor .safetensors.</exception>
    public static string Format(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext is ".safetensors" or ".npy" ? ext : throw new ContrastiveException($"{path}: embeddings files end in .safetensors or .npy.");
    }

    public static void Save(string path, Tensor embeddings)
    {
        if (Format(path) == ".npy") NpyFile.Save(path, embeddings);
        else SafeTensors.Save(path, [KeyValuePair.Create("embeddings", embeddings)]);
    }

    /// <summary>The (N, D) float32 embeddings of a file.</summary>
    /// <exception cref="ContrastiveException">Missing, unreadable, or not an (N, D) float32 matrix.</exception>
    public static Tensor Load(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: no such file.");
        var embeddings = Format(path) == ".npy"
            ? NpyFile.Load(path)
            : SafeTensors.Load(path).TryGetValue("embeddings", out var t) ? t : throw new ContrastiveException($"{path}: has no tensor 'embeddings'.");
        if (embeddings.ndim != 2 || embeddings.dtype != ScalarType.Float32)
            throw new ContrastiveException($"{path}: expected a 2-dimensional float32 matrix, not {embeddings.dtype} of shape ({string.Join(", ", embeddings.shape)}).");
        return embeddings;
    }

    /// <summary>Concatenates the rows of <paramref name="parts"/> in order into <paramref name="output"/>; returns its shape.</summary>
    /// <exception cref="ContrastiveException">No part, a part unreadable, or parts of different widths.</exception>
    public static (long Rows, long Dimension) Merge(IReadOnlyList<string> parts, string output)
    {
        if (parts.Count == 0) throw new ContrastiveException("--merge needs at least one part.");
        Format(output);
        using var scope = NewDisposeScope();
        var loaded = parts.Select(Load).ToArray();
        for (int i = 1; i < loaded.Length; i++)
            if (loaded[i].shape[1] != loaded[0].shape[1])
                throw new ContrastiveException($"{parts[i]}: {loaded[i].shape[1]}-dimensional embeddings, but {parts[0]} has {loaded[0].shape[1]}.");
        var all = cat(loaded, 0);
        Save(output, all);
        return (all.shape[0], all.shape[1]);
    }
}

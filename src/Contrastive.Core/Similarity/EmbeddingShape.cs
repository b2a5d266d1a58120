using static TorchSharp.torch;

namespace Contrastive.Core.Similarity;

/// <summary>
/// Shape checks for batches of embeddings, i.e. 2-D (N, D) tensors, shared by the similarity functions and the
/// losses. Each failure is an <see cref="ArgumentException"/> whose message names the argument and its shape.
/// </summary>
internal static class EmbeddingShape
{
    /// <summary>Throws unless <paramref name="t"/> is a 2-D (N, D) tensor.</summary>
    public static void Require2D(Tensor t, string name)
    {
        ArgumentNullException.ThrowIfNull(t, name);
        if (t.dim() != 2)
            throw new ArgumentException($"{name} must be a 2-D (N, D) tensor of embeddings, but its shape is {Format(t)}.", name);
    }

    /// <summary>Throws unless both are 2-D with the same embedding width D (N may differ).</summary>
    public static void RequireSameWidth(Tensor a, string nameA, Tensor b, string nameB)
    {
        Require2D(a, nameA);
        Require2D(b, nameB);
        if (a.shape[1] != b.shape[1])
            throw new ArgumentException(
                $"{nameA} {Format(a)} and {nameB} {Format(b)} must have the same embedding width D.", nameB);
    }

    /// <summary>Throws unless both are 2-D with the same (N, D) shape: row i of one is paired with row i of the other.</summary>
    public static void RequireSameShape(Tensor a, string nameA, Tensor b, string nameB)
    {
        Require2D(a, nameA);
        Require2D(b, nameB);
        if (a.shape[0] != b.shape[0] || a.shape[1] != b.shape[1])
            throw new ArgumentException(
                $"{nameA} {Format(a)} and {nameB} {Format(b)} must have the same (N, D) shape.", nameB);
    }

    /// <summary>A shape as PyTorch prints it, e.g. <c>[8, 768]</c>.</summary>
    public static string Format(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}

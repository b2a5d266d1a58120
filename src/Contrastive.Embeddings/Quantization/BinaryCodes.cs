using System.Numerics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Quantization;

/// <summary>
/// Binary quantisation as sentence-transformers' <c>quantize_embeddings(precision="ubinary")</c>: bit b_d = [x_d &gt; 0],
/// packed 8 to a byte with the first dimension in the most significant bit (numpy's <c>packbits</c>), so a (N, D)
/// float matrix becomes (N, ⌈D/8⌉) bytes. Two codes are compared by their Hamming distance
/// H(a, b) = popcount(a XOR b), the number of dimensions whose signs differ.
/// </summary>
public static class BinaryCodes
{
    /// <summary>(N, D) float -> (N, ⌈D/8⌉) uint8.</summary>
    public static Tensor Pack(Tensor embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.dim() != 2)
            throw new ArgumentException($"embeddings must be (N, D), but its shape is [{string.Join(", ", embeddings.shape)}].", nameof(embeddings));
        using var scope = NewDisposeScope();
        long n = embeddings.shape[0], d = embeddings.shape[1], bytes = (d + 7) / 8;
        var bits = embeddings.detach().cpu().gt(0).to(ScalarType.Int32);                       // (N, D)
        if (bytes * 8 != d) bits = nn.functional.pad(bits, [0, bytes * 8 - d]);                // (N, 8B)
        var weights = tensor(new[] { 128, 64, 32, 16, 8, 4, 2, 1 });
        return bits.view(n, bytes, 8).mul(weights).sum(2).to(ScalarType.Byte).MoveToOuterDisposeScope();   // (N, B)
    }

    /// <summary>(N, B) uint8 -> (N, D) float32 of ±1: +1 where the bit is set.</summary>
    public static Tensor Unpack(Tensor packed, int dimension)
    {
        ArgumentNullException.ThrowIfNull(packed);
        if (packed.dim() != 2 || packed.shape[1] != (dimension + 7) / 8)
            throw new ArgumentException($"packed must be (N, {(dimension + 7) / 8}) for dimension {dimension}, but its shape is [{string.Join(", ", packed.shape)}].", nameof(packed));
        using var scope = NewDisposeScope();
        long n = packed.shape[0];
        var shifts = tensor(new[] { 7, 6, 5, 4, 3, 2, 1, 0 });
        var bits = packed.to(ScalarType.Int32).unsqueeze(2).bitwise_right_shift(shifts).bitwise_and(1);   // (N, B, 8)
        return bits.view(n, -1).narrow(1, 0, dimension).to(ScalarType.Float32).mul(2).sub(1).MoveToOuterDisposeScope();
    }

    /// <summary>H(a, b) over two packed codes of the same length.</summary>
    public static int Hamming(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"codes of {a.Length} and {b.Length} bytes cannot be compared.", nameof(b));
        int whole = a.Length / 8 * 8, distance = 0;
        var wa = MemoryMarshal.Cast<byte, ulong>(a[..whole]);
        var wb = MemoryMarshal.Cast<byte, ulong>(b[..whole]);
        for (int i = 0; i < wa.Length; i++) distance += BitOperations.PopCount(wa[i] ^ wb[i]);
        for (int i = whole; i < a.Length; i++) distance += BitOperations.PopCount((uint)(a[i] ^ b[i]));
        return distance;
    }
}

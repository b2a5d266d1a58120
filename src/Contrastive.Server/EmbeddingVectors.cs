using System.Runtime.InteropServices;

namespace Contrastive.Server;

/// <summary>
/// Post-processing of one embedding for a response: Matryoshka-style truncation to the first k components (OpenAI's
/// <c>dimensions</c>), scaling to unit length v / ‖v‖₂, cosine similarity, and OpenAI's <c>base64</c> encoding
/// (the little-endian float32 bytes).
/// </summary>
public static class EmbeddingVectors
{
    /// <summary>v / ‖v‖₂ (a zero vector stays zero).</summary>
    public static float[] Normalize(ReadOnlySpan<float> v)
    {
        double sum = 0;
        foreach (var x in v) sum += (double)x * x;
        var result = v.ToArray();
        if (sum == 0) return result;
        float inv = (float)(1.0 / Math.Sqrt(sum));
        for (int i = 0; i < result.Length; i++) result[i] *= inv;
        return result;
    }

    /// <summary>The first <paramref name="dimensions"/> components (all when null), unit length when <paramref name="normalize"/>.</summary>
    public static float[] Prepare(float[] v, int? dimensions, bool normalize)
    {
        var kept = dimensions is { } k && k < v.Length ? v.AsSpan(0, k) : v.AsSpan();
        return normalize ? Normalize(kept) : kept.ToArray();
    }

    /// <summary>cos(a, b) = a·b / (‖a‖ ‖b‖); 0 when either is zero.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Vectors of {a.Length} and {b.Length} components have no cosine.");
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    /// <summary>OpenAI's <c>encoding_format: "base64"</c>: base64 of the float32 values in little-endian order.</summary>
    public static string ToBase64(float[] v)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("base64 embeddings are written on little-endian machines only.");
        return Convert.ToBase64String(MemoryMarshal.AsBytes(v.AsSpan()));
    }
}

using static TorchSharp.torch;

namespace Contrastive.Embeddings.Quantization;

/// <summary>
/// Scalar (int8) quantisation as sentence-transformers' <c>quantize_embeddings(precision="int8")</c>: per dimension d,
/// the range [lo_d, hi_d] seen in calibration embeddings is cut into 255 steps, s_d = (hi_d − lo_d) / 255, and
/// code_d = round((x_d − lo_d) / s_d) − 128 ∈ [−128, 127]; the approximate value is lo_d + s_d (code_d + 128).
/// Unlike numpy's truncating <c>astype(int8)</c>, codes are rounded to the nearest step and values outside the
/// calibration range are clamped (numpy would wrap around).
/// </summary>
public sealed class Int8Calibration
{
    readonly float[] _starts;
    readonly float[] _steps;

    Int8Calibration(float[] starts, float[] steps)
    {
        _starts = starts;
        _steps = steps;
    }

    /// <summary>The calibration of <paramref name="calibration"/> (N, D): its per-dimension minimum and maximum.</summary>
    public static Int8Calibration Fit(Tensor calibration)
    {
        ArgumentNullException.ThrowIfNull(calibration);
        if (calibration.dim() != 2 || calibration.shape[0] < 1)
            throw new ArgumentException($"calibration must be (N, D) with N >= 1, but its shape is [{string.Join(", ", calibration.shape)}].", nameof(calibration));
        using var scope = NewDisposeScope();
        var x = calibration.detach().to(ScalarType.Float32).cpu();
        var lo = x.amin(0);                                                       // (D)
        var hi = x.amax(0);                                                       // (D)
        var steps = ((hi - lo) / 255).clamp_min(1e-12f);                          // a constant dimension gets a tiny step
        return new Int8Calibration(lo.data<float>().ToArray(), steps.data<float>().ToArray());
    }

    /// <summary>Width D.</summary>
    public int Dimension => _starts.Length;

    /// <summary>lo_d, (D).</summary>
    public IReadOnlyList<float> Starts => _starts;

    /// <summary>s_d, (D).</summary>
    public IReadOnlyList<float> Steps => _steps;

    /// <summary>(N, D) float -> (N, D) int8 codes.</summary>
    public Tensor Quantize(Tensor embeddings)
    {
        RequireWidth(embeddings, nameof(embeddings));
        using var scope = NewDisposeScope();
        var x = embeddings.detach().to(ScalarType.Float32).cpu();
        var codes = ((x - tensor(_starts)) / tensor(_steps)).round().sub(128).clamp(-128, 127);
        return codes.to(ScalarType.Int8).MoveToOuterDisposeScope();
    }

    /// <summary>(N, D) int8 codes -> (N, D) float32 approximations lo_d + s_d (code_d + 128).</summary>
    public Tensor Dequantize(Tensor codes)
    {
        RequireWidth(codes, nameof(codes));
        using var scope = NewDisposeScope();
        return (codes.to(ScalarType.Float32).add(128) * tensor(_steps) + tensor(_starts)).MoveToOuterDisposeScope();
    }

    void RequireWidth(Tensor t, string name)
    {
        ArgumentNullException.ThrowIfNull(t, name);
        if (t.dim() != 2 || t.shape[1] != Dimension)
            throw new ArgumentException($"{name} must be (N, {Dimension}), but its shape is [{string.Join(", ", t.shape)}].", name);
    }
}

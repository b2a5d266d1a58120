namespace Contrastive.Embeddings.Quantization;

/// <summary>sentence-transformers' <c>quantize_embeddings</c> precisions supported here.</summary>
public enum QuantizationPrecision
{
    /// <summary>Scalar quantisation: one signed byte per dimension (4x smaller than float32), see <see cref="Int8Calibration"/>.</summary>
    Int8,

    /// <summary>Binary quantisation: one bit per dimension, x_d &gt; 0, packed 8 to an unsigned byte (32x smaller), see <see cref="BinaryCodes"/>.</summary>
    UBinary,
}

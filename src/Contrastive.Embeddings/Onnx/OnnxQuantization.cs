namespace Contrastive.Embeddings.Onnx;

/// <summary>Precision of the encoder's matrix products in an exported graph.</summary>
public enum OnnxQuantization
{
    /// <summary>float32 weights and MatMul.</summary>
    None,
    /// <summary>
    /// int8 weights, symmetric, one scale per output column (<c>s_j = max_i |W_ij| / 63</c>: 7-bit codes, which AVX2's
    /// int16 pair sums cannot saturate), and activations
    /// quantised per call to uint8 (ONNX Runtime's <c>com.microsoft.DynamicQuantizeMatMul</c>, the fused form of
    /// <c>DynamicQuantizeLinear</c> + <c>MatMulInteger</c> + scale multiply), for the Transformer layers' six Linear
    /// layers; embeddings, layer norms, pooling and Dense layers stay float32.
    /// </summary>
    Int8,
}

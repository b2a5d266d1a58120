namespace Contrastive.Embeddings.Onnx;

/// <summary>
/// How the token states are reduced to one vector in an exported graph (sentence-transformers' Pooling module, plus
/// SimCSE's two intermediate-layer means), with m the attention mask and h^(l) the hidden states (0 = embeddings):
/// </summary>
public enum TokenPooling
{
    /// <summary>The first ([CLS]) token of the last layer: <c>h^(L)[:, 0]</c>.</summary>
    Cls,
    /// <summary>The masked mean of the last layer: <c>sum_t m_t h^(L)_t / max(sum_t m_t, 1)</c>.</summary>
    Mean,
    /// <summary>The masked mean of <c>(h^(1) + h^(L)) / 2</c> (SimCSE's avg_first_last).</summary>
    MeanFirstLast,
    /// <summary>The masked mean of <c>(h^(L-1) + h^(L)) / 2</c> (SimCSE's avg_top2).</summary>
    MeanTop2,
}

namespace Contrastive.Embeddings.Onnx;

/// <summary>The activation after a <see cref="DenseLayer"/>: none (BERT-whitening as a Dense layer) or tanh (BERT's pooler).</summary>
public enum DenseActivation
{
    Identity,
    Tanh,
}

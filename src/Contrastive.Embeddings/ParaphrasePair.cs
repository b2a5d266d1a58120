namespace Contrastive.Embeddings;

/// <summary>One mined pair of <see cref="ParaphraseMining"/>: rows <see cref="First"/> &lt; <see cref="Second"/> and their
/// cosine similarity (sentence-transformers' <c>[score, i, j]</c>).</summary>
public readonly record struct ParaphrasePair(float Score, int First, int Second);

namespace Contrastive.Embeddings.Indexes;

/// <summary>One neighbour of a query in a vector index: its row, its inner product with the query and its sentence.</summary>
public readonly record struct IndexMatch(int Index, float Score, string Sentence);

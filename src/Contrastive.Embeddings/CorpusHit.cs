namespace Contrastive.Embeddings;

/// <summary>One result of <see cref="SemanticSearch"/>: a corpus row and its score with the query
/// (sentence-transformers' <c>{"corpus_id": ..., "score": ...}</c>).</summary>
public readonly record struct CorpusHit(int CorpusId, float Score);

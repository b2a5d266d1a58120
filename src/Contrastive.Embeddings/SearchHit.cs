namespace Contrastive.Embeddings;

/// <summary>
/// One retrieved sentence and its cosine similarity to the query, as the SimCSE tool's <c>search</c> returns
/// <c>(sentence, score)</c> pairs.
/// </summary>
public sealed record SearchHit(string Sentence, double Score);

namespace Contrastive.Server;

/// <summary><c>POST /search</c>'s answer: for each query, in request order, its hits best first.</summary>
public sealed record SearchResponse(IReadOnlyList<QueryHits> Results);

/// <summary>One query and the indexed sentences with cosine ≥ threshold, at most top_k, best first.</summary>
public sealed record QueryHits(string Query, IReadOnlyList<SearchResponseHit> Hits);

/// <param name="Index">The sentence's row in the index (its line in the indexed corpus).</param>
public sealed record SearchResponseHit(int Index, string Sentence, double Score);

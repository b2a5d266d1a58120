namespace Contrastive.Sequences.Inference;

/// <summary>A recommended next item: its id as written in the data and its score <c>h · e_item</c>.</summary>
public sealed record Recommendation(string Item, double Score);

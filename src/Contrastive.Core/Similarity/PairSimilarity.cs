namespace Contrastive.Core.Similarity;

/// <summary>How a contrastive loss compares two embeddings.</summary>
public enum PairSimilarity
{
    /// <summary>cos(a, b) (SimCLR, SimCSE, CL4SRec here).</summary>
    Cosine,

    /// <summary>a · b, unnormalised (DuoRec's and CoSeRec's code: <c>sim = 'dot'</c>).</summary>
    DotProduct,
}

namespace Contrastive.Sequences.Data;

/// <summary>The layout of an interaction file.</summary>
public enum SequenceFormat
{
    /// <summary><c>user item1 item2 ...</c>: one user a line, items oldest first (the common Beauty.txt layout).</summary>
    Sequences,

    /// <summary><c>user item rating timestamp</c>, tab- or space-separated, one interaction a line (MovieLens <c>u.data</c>).</summary>
    Ratings,
}

namespace Contrastive.Sequences.Data;

/// <summary>One user's interactions in time order, with the ids as written in the file.</summary>
/// <param name="User">The user id as written.</param>
/// <param name="Items">The item ids as written, oldest first.</param>
public sealed record UserSequence(string User, IReadOnlyList<string> Items);

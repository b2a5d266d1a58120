namespace Contrastive.Sequences.Data;

/// <summary>Users' sequences as read from a file, before the item ids are numbered.</summary>
/// <param name="Users">The users with at least one interaction, in the order first seen in the file.</param>
/// <param name="DroppedUsers">Users dropped: a <c>user</c> line with no items, or a user left with fewer than k
/// interactions by the k-core filter.</param>
public sealed record RawInteractions(IReadOnlyList<UserSequence> Users, int DroppedUsers);

namespace Contrastive.Sequences.Evaluation;

/// <summary>One leave-one-out evaluation case: predict <paramref name="Target"/> from <paramref name="History"/>.</summary>
/// <param name="User">Index of the user in the data set.</param>
/// <param name="History">The items before the target, oldest first (item ids 1..N).</param>
/// <param name="Target">The held-out next item.</param>
public sealed record RankingCase(int User, int[] History, int Target);

namespace Contrastive.Text.Data;

/// <summary>
/// One supervised SimCSE example (Gao et al. 2021, section 4): an anchor, its positive (an entailed hypothesis) and
/// optionally a hard negative (a contradicting hypothesis). Columns sent0, sent1, hard_neg of nli_for_simcse.csv.
/// </summary>
public sealed record SentenceTriplet(string Anchor, string Positive, string? HardNegative = null);

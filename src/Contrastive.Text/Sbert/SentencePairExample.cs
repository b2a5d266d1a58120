namespace Contrastive.Text.Sbert;

/// <summary>
/// One SBERT training pair: two sentences and their target, the label index for the NLI objective
/// (<see cref="NliPairReader"/>: contradiction 0, entailment 1, neutral 2, sentence-transformers' order) or the gold
/// similarity scaled to [0, 1] for the regression objective (STS score / 5).
/// </summary>
public sealed record SentencePairExample(string First, string Second, double Target);

namespace Contrastive.Text.Evaluation;

/// <summary>One STS example: two sentences and their gold similarity (0-5 for STS12-16 and STS-B, 1-5 for SICK).</summary>
public sealed record StsPair(string Sentence1, string Sentence2, double Score);

using Contrastive.Text.Tokenization;

namespace Contrastive.Text.SimCse;

/// <summary>
/// One SimCSE batch of B examples with V sentences each, tokenised together and stacked view-major:
/// rows [0, B) are the anchors, [B, 2B) the positives and, when V = 3, [2B, 3B) the hard negatives.
/// For unsupervised SimCSE the positive rows repeat the anchors: only the dropout masks differ.
/// </summary>
public sealed record SimCseBatch(TokenizedBatch Tokens, int Examples, int Views);

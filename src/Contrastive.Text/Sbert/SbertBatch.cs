using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Sbert;

/// <summary>B sentence pairs tokenised together, first sentences in rows [0, B), second sentences in [B, 2B), and
/// their targets (B): int64 labels (NLI) or float32 similarities (regression).</summary>
public sealed record SbertBatch(TokenizedBatch Tokens, int Pairs, Tensor Targets);

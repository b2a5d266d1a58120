using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Distillation;

/// <summary>B sentences tokenised for the student, and the teacher's (B, D_t) float32 embeddings of the same sentences.</summary>
public sealed record DistillationBatch(TokenizedBatch Tokens, Tensor Teacher);

using Contrastive.Core;
using Contrastive.Core.Losses;

namespace Contrastive.Text.Distillation;

/// <summary>
/// How a student sentence encoder learns from a teacher's embeddings.
/// </summary>
/// <param name="Loss">Mean squared error to the teacher's vectors (sentence-transformers' distillation, Reimers and
/// Gurevych 2020; the student's hidden size must equal the teacher's embedding size), or the KL divergence between
/// the teacher's and the student's in-batch similarity distributions (any width).</param>
/// <param name="Temperature">τ of the <c>kl-similarity</c> loss; 0.05, SimCSE's temperature, as the embeddings
/// distilled are cosine-similarity encoders.</param>
/// <param name="MaxSeqLength">Tokens per sentence, [CLS] and [SEP] included, for both the teacher's cached
/// embeddings and the student (so both see the same text); also the student's inference maximum.</param>
public sealed record DistillationOptions(
    DistillationLossKind Loss = DistillationLossKind.Mse,
    double Temperature = DistillationOptions.DefaultTemperature,
    int MaxSeqLength = DistillationOptions.DefaultMaxSeqLength)
{
    /// <summary>tau = 0.05, SimCSE's temperature (Gao et al. 2021), as the distilled encoders are cosine-similarity ones.</summary>
    public const double DefaultTemperature = 0.05;

    /// <summary>64 tokens: the length the main job's sentences need, shorter than the teachers' 256-512 for speed.</summary>
    public const int DefaultMaxSeqLength = 64;

    public DistillationOptions Validate()
    {
        if (Loss.ComparesPredictions())
            throw new ContrastiveException($"--loss {Loss.ToName()} distils a classifier's predictions; a sentence encoder gives embeddings: use mse or kl-similarity.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
            throw new ContrastiveException($"The distillation temperature must be a positive number; got {Temperature}.");
        if (MaxSeqLength < 3)
            throw new ContrastiveException($"The maximum sequence length must be at least 3 ([CLS] token [SEP]); got {MaxSeqLength}.");
        return this;
    }
}

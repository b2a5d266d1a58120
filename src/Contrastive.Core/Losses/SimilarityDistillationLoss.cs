using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// Relational (contrastive) distillation: the student reproduces the teacher's in-batch similarity distribution.
/// For each anchor i the other N − 1 examples of the batch form a softmax over cosine similarities at temperature τ,
/// for the teacher (P) and the student (Q), and the loss is the Kullback–Leibler divergence KL(P ‖ Q) averaged over
/// the anchors:
/// <code>
/// P_ij = exp(cos(t_i, t_j)/τ) / Σ_{k≠i} exp(cos(t_i, t_k)/τ),   Q_ij likewise with s,   j ≠ i
/// L = 1/N Σ_i Σ_{j≠i} P_ij ( log P_ij − log Q_ij )
/// </code>
/// As in SEED (Fang et al., "SEED: Self-supervised Distillation for Visual Representation", ICLR 2021,
/// arXiv:2101.04731) and CompRess (Abbasi Koohpayegani et al., NeurIPS 2020, arXiv:2008.01316), which compare the
/// teacher's and the student's similarity distributions over a set of anchors (there a memory queue, here the other
/// examples of the batch), and SimCLR v2's distillation step (Chen et al. 2020, arXiv:2006.10029, eq. 2, a
/// cross-entropy between the teacher's and the student's softmax at a temperature). The diagonal (each example with
/// itself, cos = 1 for both) carries no information and is left out. Only similarities are compared, so the student's
/// width D_s may differ from the teacher's D_t and no projection is needed. The teacher is detached.
/// </summary>
public sealed class SimilarityDistillationLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Temperature τ of both softmaxes.</summary>
    public double Temperature { get; }

    /// <param name="temperature">τ &gt; 0, finite.</param>
    public SimilarityDistillationLoss(double temperature = 0.05) : base(nameof(SimilarityDistillationLoss))
    {
        TemperatureGuard.RequirePositive(temperature, nameof(temperature));
        Temperature = temperature;
    }

    /// <param name="student">(N, D_s) s, receives the gradient; N ≥ 2.</param>
    /// <param name="teacher">(N, D_t) t, detached.</param>
    /// <returns>Scalar ≥ 0; 0 when the two similarity matrices are equal.</returns>
    public override Tensor forward(Tensor student, Tensor teacher)
    {
        EmbeddingShape.Require2D(student, nameof(student));
        EmbeddingShape.Require2D(teacher, nameof(teacher));
        long n = student.shape[0];
        if (teacher.shape[0] != n)
            throw new ArgumentException($"student {EmbeddingShape.Format(student)} and teacher {EmbeddingShape.Format(teacher)} must have the same number of rows N.", nameof(teacher));
        if (n < 2)
            throw new ArgumentException($"the in-batch similarity distribution needs at least 2 rows, but there are {n}.", nameof(student));

        using var scope = NewDisposeScope();
        var t = teacher.detach().to(student.dtype);
        var offDiagonal = eye(n, dtype: ScalarType.Bool, device: student.device).logical_not();            // (N, N)
        var studentLogits = OffDiagonal(CosineSimilarity.Pairwise(student, student) / Temperature, offDiagonal, n);  // (N, N-1)
        var teacherLogits = OffDiagonal(CosineSimilarity.Pairwise(t, t) / Temperature, offDiagonal, n);              // (N, N-1)
        return PredictionDistillationLoss.MeanRowKl(studentLogits, teacherLogits).MoveToOuterDisposeScope();
    }

    static Tensor OffDiagonal(Tensor square, Tensor mask, long n) => square.masked_select(mask).view(n, n - 1);
}

using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// Distillation of a classifier's softened predictions: the student's class distribution at temperature τ follows
/// the teacher's. SimCLR v2 (Chen et al., "Big Self-Supervised Models are Strong Semi-Supervised Learners",
/// NeurIPS 2020, arXiv:2006.10029), eq. 2, after Hinton et al. 2015 (arXiv:1503.02531):
/// <code>
/// P^T(y|x_i; τ) = softmax(t_i / τ)_y,   P^S(y|x_i; τ) = softmax(s_i / τ)_y
/// L = 1/N Σ_i Σ_y P^T(y|x_i; τ) ( log P^T(y|x_i; τ) − log P^S(y|x_i; τ) )
/// </code>
/// This is the Kullback–Leibler divergence KL(P^T ‖ P^S); the paper's eq. 2 is the cross-entropy
/// −Σ_y P^T log P^S, which differs by the teacher's entropy, a constant of the student, so the gradients are the same
/// and this form is 0 exactly when the student matches the teacher. No τ² factor (the paper has none). The teacher
/// logits are constants (detached).
/// </summary>
public sealed class PredictionDistillationLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Temperature τ of both softmaxes.</summary>
    public double Temperature { get; }

    /// <param name="temperature">τ &gt; 0, finite; SimCLR v2 uses 1.</param>
    public PredictionDistillationLoss(double temperature = 1.0) : base(nameof(PredictionDistillationLoss))
    {
        TemperatureGuard.RequirePositive(temperature, nameof(temperature));
        Temperature = temperature;
    }

    /// <param name="student">(N, C) student logits s, receive the gradient.</param>
    /// <param name="teacher">(N, C) teacher logits t over the same C classes, detached.</param>
    /// <returns>Scalar ≥ 0; 0 when the two distributions are equal (e.g. s = t + a constant per row).</returns>
    public override Tensor forward(Tensor student, Tensor teacher)
    {
        EmbeddingShape.RequireSameShape(student, nameof(student), teacher, nameof(teacher));
        using var scope = NewDisposeScope();
        return MeanRowKl(student / Temperature, teacher.detach().to(student.dtype) / Temperature).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// 1/N Σ_i KL(softmax(t_i) ‖ softmax(s_i)) = 1/N Σ_i Σ_y P_iy (log P_iy − log Q_iy) for (N, C) logits already
    /// divided by their temperature; shared with <see cref="SimilarityDistillationLoss"/>, whose logits are in-batch
    /// similarities.
    /// </summary>
    internal static Tensor MeanRowKl(Tensor studentLogits, Tensor teacherLogits)
    {
        using var scope = NewDisposeScope();
        var logP = nn.functional.log_softmax(teacherLogits, 1);   // (N, C)
        var logQ = nn.functional.log_softmax(studentLogits, 1);   // (N, C)
        return (logP.exp() * (logP - logQ)).sum(1).mean().MoveToOuterDisposeScope();
    }
}

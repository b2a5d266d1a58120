using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// Embedding distillation by mean squared error: the student reproduces the teacher's vectors.
/// Reimers, Gurevych, "Making Monolingual Sentence Embeddings Multilingual using Knowledge Distillation", EMNLP 2020,
/// arXiv:2004.09813, eq. 1 (sentence-transformers' <c>MSELoss</c>, i.e. <c>torch.nn.MSELoss()</c> with mean reduction):
/// <code>
/// L = 1/(N·D) Σ_i Σ_d ( s_{i,d} − t_{i,d} )²
/// </code>
/// The teacher vectors t are constants (detached). Student and teacher must have the same width D; a student of
/// another width needs a projection first. Modality-agnostic: s and t are any (N, D) embeddings.
/// </summary>
public sealed class EmbeddingMseLoss : nn.Module<Tensor, Tensor, Tensor>
{
    public EmbeddingMseLoss() : base(nameof(EmbeddingMseLoss)) { }

    /// <param name="student">(N, D) s, receives the gradient.</param>
    /// <param name="teacher">(N, D) t, detached.</param>
    /// <returns>Scalar ≥ 0; 0 exactly when s = t.</returns>
    public override Tensor forward(Tensor student, Tensor teacher)
    {
        EmbeddingShape.RequireSameShape(student, nameof(student), teacher, nameof(teacher));
        using var scope = NewDisposeScope();
        return nn.functional.mse_loss(student, teacher.detach().to(student.dtype)).MoveToOuterDisposeScope();
    }
}

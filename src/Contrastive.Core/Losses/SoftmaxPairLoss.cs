using Contrastive.Core.Similarity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// SBERT's classification objective (sentence-transformers' <c>SoftmaxLoss</c>).
/// Reimers, Gurevych, "Sentence-BERT: Sentence Embeddings using Siamese BERT-Networks", EMNLP 2019, arXiv:1908.10084, §3.
/// <para>
/// For sentence embeddings u, v (N, D) and labels y (N) in [0, K): o = softmax(W_t (u, v, |u − v|)) with a trainable
/// W_t ∈ R^{K × 3D} (the <c>classifier</c>, a Linear with bias as in sentence-transformers), and L is the mean
/// cross-entropy of o against y. The classifier is trained with the encoder and thrown away afterwards.
/// </para>
/// </summary>
public sealed class SoftmaxPairLoss : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear classifier;

    /// <summary>Embedding width D.</summary>
    public int EmbeddingDim { get; }

    /// <summary>Number of labels K (NLI: 3; entailment / contradiction only: 2).</summary>
    public int NumLabels { get; }

    /// <param name="generator">Initialises W_t (PyTorch's Linear initialisation); null uses the global generator.</param>
    public SoftmaxPairLoss(int embeddingDim, int numLabels, Generator? generator = null) : base(nameof(SoftmaxPairLoss))
    {
        if (embeddingDim < 1) throw new ArgumentOutOfRangeException(nameof(embeddingDim), embeddingDim, $"The embedding width must be positive, but it is {embeddingDim}.");
        if (numLabels < 2) throw new ArgumentOutOfRangeException(nameof(numLabels), numLabels, $"The classifier needs at least 2 labels, but it has {numLabels}.");
        EmbeddingDim = embeddingDim;
        NumLabels = numLabels;
        classifier = nn.Linear(3 * embeddingDim, numLabels);
        if (generator is not null)
        {
            using var noGrad = no_grad();
            double bound = 1.0 / Math.Sqrt(3 * embeddingDim);
            classifier.weight!.uniform_(-bound, bound, generator);
            classifier.bias!.uniform_(-bound, bound, generator);
        }
        RegisterComponents();
    }

    /// <summary>The logits W_t (u, v, |u − v|) + b, (N, K).</summary>
    public Tensor Logits(Tensor u, Tensor v)
    {
        EmbeddingShape.RequireSameShape(u, nameof(u), v, nameof(v));
        if (u.shape[1] != EmbeddingDim)
            throw new ArgumentException($"The classifier expects (N, {EmbeddingDim}) embeddings, but u has shape {EmbeddingShape.Format(u)}.", nameof(u));
        return classifier.forward(cat([u, v, (u - v).abs()], 1));                               // (N, 3D) → (N, K)
    }

    /// <param name="u">(N, D) first sentences.</param>
    /// <param name="v">(N, D) second sentences.</param>
    /// <param name="labels">(N) int64 in [0, K).</param>
    /// <returns>Scalar mean cross-entropy.</returns>
    public override Tensor forward(Tensor u, Tensor v, Tensor labels)
    {
        if (labels.ndim != 1 || labels.shape[0] != u.shape[0])
            throw new ArgumentException($"The labels must be (N) = ({u.shape[0]}), but they have shape [{string.Join(", ", labels.shape)}].", nameof(labels));
        using var scope = NewDisposeScope();
        return nn.functional.cross_entropy(Logits(u, v), labels).MoveToOuterDisposeScope();
    }
}

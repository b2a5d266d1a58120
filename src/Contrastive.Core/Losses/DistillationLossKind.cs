using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>Which loss a distillation trains with; each takes (student, teacher) outputs of a batch: embeddings for
/// the first two, class logits for <see cref="KlPredictions"/>.</summary>
public enum DistillationLossKind
{
    /// <summary>"mse": <see cref="EmbeddingMseLoss"/>, the student reproduces the teacher's vectors (same width).</summary>
    Mse,
    /// <summary>"kl-similarity": <see cref="SimilarityDistillationLoss"/>, the student reproduces the teacher's in-batch
    /// similarity distribution at a temperature (any width).</summary>
    KlSimilarity,
    /// <summary>"kl-predictions": <see cref="PredictionDistillationLoss"/>, the student's classifier reproduces the
    /// teacher's softened class predictions (SimCLR v2, eq. 2); needs a teacher with a classifier.</summary>
    KlPredictions,
}

/// <summary>Names of <see cref="DistillationLossKind"/> (as the CLI's <c>--loss</c>) and the loss module of each.</summary>
public static class DistillationLossKindNames
{
    static readonly (DistillationLossKind Kind, string Name)[] Names =
    [
        (DistillationLossKind.Mse, "mse"),
        (DistillationLossKind.KlSimilarity, "kl-similarity"),
        (DistillationLossKind.KlPredictions, "kl-predictions"),
    ];

    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToArray();

    /// <summary>Parses a name; anything else throws <see cref="ContrastiveException"/> listing the valid ones.</summary>
    public static DistillationLossKind Parse(string name)
    {
        foreach (var (kind, n) in Names)
            if (n == name) return kind;
        throw new ContrastiveException($"Unknown distillation loss '{name}'; valid losses are {string.Join(", ", All)}.");
    }

    public static string ToName(this DistillationLossKind kind)
    {
        foreach (var (k, n) in Names)
            if (k == kind) return n;
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a DistillationLossKind");
    }

    /// <summary>Whether the loss compares class predictions (logits) rather than embeddings.</summary>
    public static bool ComparesPredictions(this DistillationLossKind kind) => kind == DistillationLossKind.KlPredictions;

    /// <summary>The loss module: forward(student (N, D_s), teacher (N, D_t)) gives a scalar.</summary>
    /// <param name="temperature">τ of the two KL losses; unused by MSE.</param>
    public static nn.Module<Tensor, Tensor, Tensor> Create(this DistillationLossKind kind, double temperature) => kind switch
    {
        DistillationLossKind.Mse => new EmbeddingMseLoss(),
        DistillationLossKind.KlSimilarity => new SimilarityDistillationLoss(temperature),
        DistillationLossKind.KlPredictions => new PredictionDistillationLoss(temperature),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a DistillationLossKind"),
    };
}

using Contrastive.Core.Similarity;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>
/// MoCo's contrastive loss: InfoNCE of each query against its key (the positive) and a queue of K negatives.
/// He, Fan, Wu, Xie, Girshick, "Momentum Contrast for Unsupervised Visual Representation Learning", CVPR 2020,
/// arXiv:1911.05722, eq. 1 and Algorithm 1; Chen, Fan, Girshick, He, "Improved Baselines with Momentum Contrastive
/// Learning" (MoCo v2), arXiv:2003.04297.
/// <para>
/// For unit-length queries q_i, keys k_i (from the momentum encoder) and queue entries n_1..n_K:
/// ℓ_i = −log( exp(q_i·k_i/τ) / (exp(q_i·k_i/τ) + Σ_{j=1..K} exp(q_i·n_j/τ)) ),
/// computed as the official code does: logits [q_i·k_i, q_i·n_1, …, q_i·n_K] / τ, shape (N, 1 + K), and the
/// cross-entropy with target 0, averaged over the N rows. The inputs are used as given (dot products, no
/// normalisation here: MoCo normalises q and k, and the queue holds normalised keys); enqueuing the keys is the
/// caller's, after the loss.
/// </para>
/// </summary>
public sealed class MoCoLoss : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    /// <summary>Temperature τ (MoCo v1: 0.07; MoCo v2: 0.2).</summary>
    public double Temperature { get; }

    /// <param name="temperature">τ &gt; 0, finite.</param>
    public MoCoLoss(double temperature = 0.2) : base(nameof(MoCoLoss))
    {
        TemperatureGuard.RequirePositive(temperature, nameof(temperature));
        Temperature = temperature;
    }

    /// <param name="queries">(N, D) q, unit rows.</param>
    /// <param name="keys">(N, D) k, unit rows, paired row by row with the queries.</param>
    /// <param name="negatives">(K, D) the queue, unit rows (K may be 0).</param>
    /// <returns>Scalar mean loss.</returns>
    public override Tensor forward(Tensor queries, Tensor keys, Tensor negatives)
    {
        EmbeddingShape.RequireSameShape(queries, nameof(queries), keys, nameof(keys));
        EmbeddingShape.RequireSameWidth(queries, nameof(queries), negatives, nameof(negatives));
        using var scope = NewDisposeScope();
        var positive = (queries * keys).sum(1, keepdim: true);                         // (N, 1)
        var negative = queries.mm(negatives.t());                                       // (N, K)
        var logits = cat([positive, negative], 1) / Temperature;                        // (N, 1 + K)
        var labels = zeros([queries.shape[0]], ScalarType.Int64, device: queries.device); // the positive is column 0
        return nn.functional.cross_entropy(logits, labels).MoveToOuterDisposeScope();
    }
}

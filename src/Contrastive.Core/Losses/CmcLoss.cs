using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Losses;

/// <summary>Which pairs of views <see cref="CmcLoss"/> contrasts.</summary>
public enum CmcGraph
{
    /// <summary>Core view: V₁ against every other view, L = Σ_{j=2..M} L(V₁, V_j) (CMC eq. 6).</summary>
    Core,

    /// <summary>Full graph: every pair, L = Σ_{1≤i&lt;j≤M} L(V_i, V_j) (CMC eq. 7).</summary>
    Full,
}

/// <summary>
/// Contrastive Multiview Coding's objective: Tian, Krishnan, Isola, "Contrastive Multiview Coding", ECCV 2020,
/// arXiv:1906.05849, §3.
/// <para>
/// For M views of the same N samples, z^{(m)} (N, D) from one encoder per view, the two-view loss is symmetric,
/// L(V_i, V_j) = L^{V_i,V_j} + L^{V_j,V_i} (eq. 3), where L^{V_i,V_j} anchors on view i and picks the matching sample
/// among the candidates of view j: ℓ_n = −log( e^{sim(z_n^{(i)}, z_n^{(j)})/τ} / Σ_k e^{sim(z_n^{(i)}, z_k^{(j)})/τ} ),
/// sim = cosine (<see cref="InfoNceLoss"/>), averaged over n. The graph (<see cref="CmcGraph"/>) sums L over the core-view
/// pairs (eq. 6) or all pairs (eq. 7); with two views both are L(V₁, V₂).
/// </para>
/// <para>
/// Negatives: the paper draws 16,384 negatives from a memory bank and approximates the softmax with NCE; here the
/// negatives are the other N − 1 samples of the batch (in-batch softmax, as the paper's "full softmax" variant
/// with the batch as the candidate set). τ = 0.07 as the paper.
/// </para>
/// </summary>
public sealed class CmcLoss : nn.Module
{
    readonly InfoNceLoss _pair;

    public double Temperature => _pair.Temperature;
    public CmcGraph Graph { get; }

    /// <param name="temperature">τ &gt; 0 (CMC: 0.07).</param>
    public CmcLoss(double temperature = 0.07, CmcGraph graph = CmcGraph.Core) : base(nameof(CmcLoss))
    {
        _pair = new InfoNceLoss(temperature);
        Graph = Enum.IsDefined(graph) ? graph : throw new ArgumentOutOfRangeException(nameof(graph), graph, "Unknown CMC graph.");
    }

    /// <summary>The view pairs (i, j), i &lt; j, summed for <paramref name="views"/> views.</summary>
    public IEnumerable<(int I, int J)> Pairs(int views)
    {
        for (int i = 0; i < (Graph == CmcGraph.Core ? Math.Min(1, views) : views); i++)
            for (int j = i + 1; j < views; j++)
                yield return (i, j);
    }

    /// <summary>L(V_i, V_j) = L^{V_i,V_j} + L^{V_j,V_i}.</summary>
    public Tensor PairLoss(Tensor zi, Tensor zj) => _pair.forward(zi, zj) + _pair.forward(zj, zi);

    /// <param name="views">M ≥ 2 embeddings (N, D) each, row n of every view from sample n.</param>
    /// <returns>Scalar: the sum of <see cref="PairLoss"/> over the graph's pairs.</returns>
    public Tensor forward(IReadOnlyList<Tensor> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        if (views.Count < 2) throw new ArgumentException($"CMC needs at least 2 views, but {views.Count} were given.", nameof(views));
        using var scope = NewDisposeScope();
        Tensor? total = null;
        foreach (var (i, j) in Pairs(views.Count))
        {
            var l = PairLoss(views[i], views[j]);
            total = total is null ? l : total + l;
        }
        return total!.MoveToOuterDisposeScope();
    }
}

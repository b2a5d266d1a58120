using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests;

/// <summary>Seeded synthetic corpora: unit vectors scattered around random unit cluster centres.</summary>
internal static class ClusteredVectors
{
    /// <summary>(N, D) unit rows normalize(μ_c + σ ε), cluster c = row mod clusters; also the (clusters, D) centres.</summary>
    public static (Tensor Points, Tensor Centres) Make(int n, int dim, int clusters, double sigma, ulong seed)
    {
        var g = new Generator(seed, CPU);
        var centres = nn.functional.normalize(randn(clusters, dim, generator: g), p: 2, dim: 1);   // (C, D)
        var labels = arange(n, dtype: ScalarType.Int64).remainder(clusters);                     // (N)
        var points = centres.index_select(0, labels) + sigma * randn(n, dim, generator: g);     // (N, D)
        return (nn.functional.normalize(points, p: 2, dim: 1), centres);
    }
}

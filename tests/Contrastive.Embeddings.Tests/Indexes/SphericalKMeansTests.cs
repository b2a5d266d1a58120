using Contrastive.Embeddings.Indexes;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Indexes;

public class SphericalKMeansTests
{
    [Fact]
    public void Fit_WellSeparatedClusters_RecoversEachClusterAsOneCell()
    {
        using var scope = NewDisposeScope();
        var (points, centres) = ClusteredVectors.Make(600, 32, clusters: 6, sigma: 0.02, seed: 1);
        var offDiagonal = centres.matmul(centres.t()) - eye(6) * 2;
        Assert.True(offDiagonal.max().item<float>() < 0.7f, "two true centres are close: the clusters are not well separated");

        var centroids = SphericalKMeans.Fit(points, 6, iterations: 10, new Random(3));
        var cells = SphericalKMeans.Assign(points, centroids).data<long>().ToArray();

        Assert.Equal([6L, 32], centroids.shape);
        Assert.True(centroids.norm(dim: 1).sub(1).abs().max().item<float>() < 1e-5);
        for (int c = 0; c < 6; c++)
        {
            var cellsOfCluster = Enumerable.Range(0, 600).Where(i => i % 6 == c).Select(i => cells[i]).Distinct().ToArray();
            Assert.True(cellsOfCluster.Length == 1, $"cluster {c} is split over cells [{string.Join(", ", cellsOfCluster)}]; all: {string.Join(",", cells)}");   // a cluster is not split ...
        }
        Assert.Equal(6, cells.Distinct().Count());   // ... nor merged with another
        // Each centroid sits on a true centre.
        var best = centroids.matmul(centres.t()).max(1).values;
        Assert.True(best.min().item<float>() > 0.99f);
    }

    [Fact]
    public void Fit_SameSeed_SameCentroids_OtherSeed_Differs()
    {
        using var scope = NewDisposeScope();
        var (points, _) = ClusteredVectors.Make(300, 8, clusters: 30, sigma: 0.5, seed: 2);

        var a = SphericalKMeans.Fit(points, 10, 5, new Random(7));
        var b = SphericalKMeans.Fit(points, 10, 5, new Random(7));
        var c = SphericalKMeans.Fit(points, 10, 5, new Random(8));

        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.allclose(c));
    }

    [Fact]
    public void Assign_IsArgmaxOfInnerProducts()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(4, CPU);
        var points = nn.functional.normalize(randn(200, 8, generator: g), p: 2, dim: 1);
        var centroids = nn.functional.normalize(randn(7, 8, generator: g), p: 2, dim: 1);

        var cells = SphericalKMeans.Assign(points, centroids);

        Assert.True(cells.eq(points.matmul(centroids.t()).argmax(1)).all().item<bool>());
    }

    [Fact]
    public void Fit_BadArguments_Throw()
    {
        using var scope = NewDisposeScope();
        var points = nn.functional.normalize(randn(5, 4), p: 2, dim: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => SphericalKMeans.Fit(points, 6, 3, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SphericalKMeans.Fit(points, 0, 3, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SphericalKMeans.Fit(points, 2, 0, new Random(1)));
    }
}

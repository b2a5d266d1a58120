using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests;

public class CommunityDetectionTests
{
    [Fact]
    public void Detect_TwoTightGroupsAndStragglers_FindsTheGroupsLargestFirst()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(1, CPU);
        var a = nn.functional.normalize(randn(1, 8, generator: g), p: 2, dim: 1);
        var b = nn.functional.normalize(randn(1, 8, generator: g), p: 2, dim: 1);
        // rows 0..4 near a, rows 5..7 near b, rows 8..9 random (far from both with this seed).
        var rows = cat([
            a.repeat(5, 1) + 0.05 * randn(5, 8, generator: g),
            b.repeat(3, 1) + 0.05 * randn(3, 8, generator: g),
            randn(2, 8, generator: g),
        ]);

        var communities = CommunityDetection.Detect(rows, threshold: 0.9, minCommunitySize: 3);

        Assert.Equal(2, communities.Count);
        Assert.Equal([0, 1, 2, 3, 4], communities[0].Order());
        Assert.Equal([5, 6, 7], communities[1].Order());
    }

    [Fact]
    public void Detect_MinSizeAboveGroup_DropsIt_AndRowsAreNotShared()
    {
        using var scope = NewDisposeScope();
        var e = tensor(new float[,] { { 1, 0 }, { 1, 0.05f }, { 1, -0.05f }, { 0, 1 }, { 0.05f, 1 } });

        var three = CommunityDetection.Detect(e, threshold: 0.95, minCommunitySize: 3);
        var two = CommunityDetection.Detect(e, threshold: 0.95, minCommunitySize: 2);

        Assert.Equal([0, 1, 2], Assert.Single(three).Order());
        Assert.Equal(2, two.Count);
        Assert.Equal([3, 4], two[1].Order());
        Assert.Empty(two[0].Intersect(two[1]));
    }

    [Fact]
    public void Detect_CommunityBiggerThanInitialSortSize_GrowsToHoldAllMembers()
    {
        using var scope = NewDisposeScope();
        // 120 almost identical rows: more than sentence-transformers' first sort size of max(2 * min, 50).
        var e = ones(120, 4) + 0.001 * randn(120, 4, generator: new Generator(2, CPU));

        var communities = CommunityDetection.Detect(e, threshold: 0.99, minCommunitySize: 5, batchSize: 7);

        Assert.Equal(120, Assert.Single(communities).Count);
    }
}

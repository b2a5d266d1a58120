using Contrastive.Sequences.Augmentation;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Tests.Augmentation;

public class ItemCorrelationTests
{
    // n_1 = n_2 = n_3 = 2, n_4 = 1; pair weights 1/ln 4 (|u| = 3) and 1/ln 3 (|u| = 2):
    // w(1,2) = (1/ln4 + 1/ln3)/2 = 0.8158, w(1,3) = w(2,3) = (1/ln4)/2 = 0.3607, w(3,4) = (1/ln3)/sqrt(2) = 0.6436.
    static readonly int[][] Sequences = [[1, 2, 3], [1, 2], [3, 4, 4]];

    [Fact]
    public void FromCooccurrence_HandMadeSequences_ItemCfIufTopOne()
    {
        var c = ItemCorrelation.FromCooccurrence(Sequences, itemCount: 5);
        Assert.Equal([2], c.Neighbours(1));
        Assert.Equal([1], c.Neighbours(2));
        Assert.Equal([4], c.Neighbours(3));
        Assert.Equal([3], c.Neighbours(4));
        Assert.Empty(c.Neighbours(5));
    }

    [Fact]
    public void FromCooccurrence_TopThree_SortedByScoreTiesToTheSmallerId()
    {
        var c = ItemCorrelation.FromCooccurrence(Sequences, itemCount: 5, topK: 3);
        Assert.Equal([4, 1, 2], c.Neighbours(3));                 // 0.6436, then 0.3607 twice
        Assert.Equal([2, 3], c.Neighbours(1));
        var random = new Random(1);
        var drawn = Enumerable.Range(0, 300).Select(_ => c.Correlated(3, random)).ToHashSet();
        Assert.Equal(new HashSet<int> { 1, 2, 4 }, drawn);      // uniform over the top 3
    }

    [Fact]
    public void Correlated_TopOne_IsDeterministic_ItemWithoutNeighboursDrawsAnItemThatHasSome()
    {
        var c = ItemCorrelation.FromCooccurrence(Sequences, itemCount: 5);
        var random = new Random(3);
        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(2, c.Correlated(1, random)));
        var fallback = Enumerable.Range(0, 200).Select(_ => c.Correlated(5, random)).ToHashSet();
        Assert.Subset(new HashSet<int> { 1, 2, 3, 4 }, fallback);
        Assert.True(fallback.Count > 1);
    }

    [Fact]
    public void FromEmbeddings_NearestByCosineNeverItself()
    {
        using var scope = NewDisposeScope();
        var e = tensor(new float[] { 1, 0, 0.9f, 0.1f, 0, 1, -1, 0 }, [4, 2]);
        var c = ItemCorrelation.FromEmbeddings(e, topK: 2, chunkRows: 3);
        Assert.Equal([2, 3], c.Neighbours(1));                 // cos 0.994, then item 3 (0) over item 4 (-1)
        Assert.Equal(1, c.Neighbours(2)[0]);
        Assert.Equal(2, c.Neighbours(3)[0]);                   // cos 0.110 against 0 and 0
        Assert.Equal(3, c.Neighbours(4)[0]);                   // cos 0 against -0.994 and -1
    }
}

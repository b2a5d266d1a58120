using Contrastive.Sequences.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Tests.Training;

[Collection(GlobalRngCollection.Name)]
public class SequenceBatchSourceTests
{
    [Fact]
    public void GetBatch_InputsAndNextItemTargets_RightPaddedToTheLongest_TruncatedToTheLastItems()
    {
        using var scope = NewDisposeScope();
        var source = new SequenceBatchSource([[1, 2, 3], [4], [5, 6, 7, 8, 9, 10, 11]], maxLength: 4);
        Assert.Equal(2, source.Count);                                     // [4] has no target
        Assert.Equal(2 + 4, source.TargetCount);
        var batch = source.GetBatch([0, 1]);
        Assert.Equal(new long[] { 1, 2, 0, 0, 7, 8, 9, 10 }, batch.Input.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 3, 0, 0, 8, 9, 10, 11 }, batch.Targets.data<long>().ToArray());
        Assert.Null(batch.View1);
    }

    [Fact]
    public void GetBatch_WithAugmentation_TwoViewsFromTheGlobalGenerator_SameSeedSameViews()
    {
        var source = new SequenceBatchSource([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]], 20, new Cl4SRecOptions().Augmentation(maskId: 12));
        long[] Views()
        {
            using var scope = NewDisposeScope();
            var b = source.GetBatch([0]);
            return [.. b.View1!.data<long>().ToArray(), -1, .. b.View2!.data<long>().ToArray()];
        }
        torch.manual_seed(9);
        var first = Views();
        torch.manual_seed(9);
        Assert.Equal(first, Views());
        var lengths = string.Join(",", first).Split(",-1,");
        Assert.Equal(2, lengths.Length);
    }
}

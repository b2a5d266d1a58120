using Contrastive.Core;
using Contrastive.Sequences.Data;
using Contrastive.Sequences.Inference;
using Contrastive.Sequences.Model;
using static TorchSharp.torch;

namespace Contrastive.Sequences.Tests.Inference;

public class SequentialRecommenderTests
{
    static SequentialRecommender Create() =>
        new(new SasRec(new SasRecConfig { NumItems = 6, MaxSeqLength = 5, HiddenSize = 8, NumHeads = 2, InnerSize = 16 }, new Generator(5)),
            new ItemVocabulary(["a", "b", "c", "d", "e", "f"]));

    [Fact]
    public void Recommend_ExcludeSeen_LeavesOutTheHistoryAndSortsByScore()
    {
        var recommender = Create();
        var all = recommender.Recommend(["a", "c"], k: 6, excludeSeen: false);
        Assert.Equal(6, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        var unseen = recommender.Recommend(["a", "c"], k: 10, excludeSeen: true);
        Assert.Equal(4, unseen.Count);
        Assert.DoesNotContain(unseen, r => r.Item is "a" or "c");
        Assert.Equal(all.Where(r => r.Item is not ("a" or "c")).Select(r => r.Item), unseen.Select(r => r.Item));
    }

    [Fact]
    public void Embed_OneRowPerHistory_UnknownOnlyHistoryIsAnError()
    {
        var recommender = Create();
        using var scope = NewDisposeScope();
        var e = recommender.Embed([["a"], ["b", "c", "zzz"]]);
        Assert.Equal([2, 8], e.shape);
        Assert.Throws<ContrastiveException>(() => recommender.Embed([["zzz"]]));
    }
}

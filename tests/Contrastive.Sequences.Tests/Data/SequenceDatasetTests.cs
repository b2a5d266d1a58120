using Contrastive.Sequences.Data;

namespace Contrastive.Sequences.Tests.Data;

public class SequenceDatasetTests
{
    [Fact]
    public void Load_Ratings_NumbersItemsByFirstAppearanceFromOne()
    {
        using var dir = new TempDir();
        var path = dir.File("u.data");
        File.WriteAllText(path, "1\t50\t5\t3\n1\t40\t5\t1\n2\t60\t4\t9\n2\t50\t4\t2\n");
        var data = SequenceDataset.Load(path, SequenceFormat.Ratings);
        // user 1: 40 (t1), 50 (t3); user 2: 50 (t2), 60 (t9)
        Assert.Equal(["40", "50", "60"], Enumerable.Range(1, 3).Select(i => data.Items[i]));
        Assert.Equal([1, 2], data.Sequences[0]);
        Assert.Equal([2, 3], data.Sequences[1]);
        Assert.Equal(4, data.Items.MaskId);
        Assert.Equal(4, data.InteractionCount);
    }

    [Fact]
    public void FromRaw_WithVocabulary_SkipsUnknownItemsAndDropsEmptiedUsers()
    {
        var vocabulary = new ItemVocabulary(["a", "b"]);
        var raw = new RawInteractions([new UserSequence("u1", ["a", "z", "b"]), new UserSequence("u2", ["z"])], 0);
        var data = SequenceDataset.FromRaw(raw, vocabulary);
        Assert.Equal([1, 2], data.Sequences.Single());
        Assert.Equal(2, data.UnknownInteractions);
        Assert.Equal(1, data.DroppedUsers);
    }

    [Fact]
    public void ItemVocabulary_SaveLoad_RoundTrips()
    {
        using var dir = new TempDir();
        new ItemVocabulary(["x1", "B0001", "7"]).Save(dir.Path);
        var loaded = ItemVocabulary.Load(dir.Path);
        Assert.Equal(3, loaded.Count);
        Assert.Equal(2, loaded.Find("B0001"));
        Assert.Null(loaded.Find("nope"));
    }
}

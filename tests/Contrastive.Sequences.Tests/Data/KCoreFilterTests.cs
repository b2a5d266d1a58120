using Contrastive.Sequences.Data;

namespace Contrastive.Sequences.Tests.Data;

public class KCoreFilterTests
{
    [Fact]
    public void Apply_RemovesUsersAndItemsBelowKRepeatedlyUntilStable()
    {
        // Item "c" is seen twice; removing it leaves u3 with one interaction, whose removal leaves "d" once.
        var raw = new RawInteractions(
        [
            new UserSequence("u1", ["a", "b", "c"]),
            new UserSequence("u2", ["a", "b", "c"]),
            new UserSequence("u3", ["d", "e"]),
            new UserSequence("u4", ["a", "b", "d"]),
        ], 0);
        var filtered = KCoreFilter.Apply(raw, 3);
        // items: a 3, b 3, c 2, d 2, e 1 -> c, d, e removed -> u1 [a b], u2 [a b], u3 [], u4 [a b] -> all users < 3 -> nothing
        Assert.Empty(filtered.Users);
        Assert.Equal(4, filtered.DroppedUsers);

        var two = KCoreFilter.Apply(raw, 2);
        // k = 2: e (1) removed -> u3 [d]: < 2 -> removed -> d now once (u4) -> removed -> u4 [a b]
        Assert.Equal(["u1", "u2", "u4"], two.Users.Select(u => u.User));
        Assert.Equal(["a", "b", "c"], two.Users[0].Items);
        Assert.Equal(["a", "b"], two.Users[2].Items);
        Assert.Equal(1, two.DroppedUsers);
    }

    [Fact]
    public void Apply_KOne_KeepsEverything()
    {
        var raw = new RawInteractions([new UserSequence("u", ["x"])], 2);
        var filtered = KCoreFilter.Apply(raw, 1);
        Assert.Single(filtered.Users);
        Assert.Equal(2, filtered.DroppedUsers);
    }
}

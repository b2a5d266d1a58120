using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

public sealed class AtomicDirectoryTests
{
    [Fact]
    public void Replace_ExistingFolder_SwapsInTheNewContentAndLeavesNoSiblings()
    {
        using var dir = new TempDir();
        var target = dir.File("checkpoint");
        AtomicDirectory.Replace(target, tmp => File.WriteAllText(Path.Combine(tmp, "a.txt"), "old"));

        AtomicDirectory.Replace(target, tmp => File.WriteAllText(Path.Combine(tmp, "b.txt"), "new"));

        Assert.Equal(["b.txt"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal("new", File.ReadAllText(Path.Combine(target, "b.txt")));
        Assert.Equal(["checkpoint"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Replace_WriterThrowsHalfway_KeepsTheOldFolderIntact()
    {
        using var dir = new TempDir();
        var target = dir.File("checkpoint");
        AtomicDirectory.Replace(target, tmp => File.WriteAllText(Path.Combine(tmp, "a.txt"), "old"));

        Assert.Throws<IOException>(() => AtomicDirectory.Replace(target, tmp =>
        {
            File.WriteAllText(Path.Combine(tmp, "a.txt"), "half");
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "a.txt")));
        Assert.Equal(["checkpoint"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Recover_CrashBetweenTheRenames_PutsTheOldFolderBack()
    {
        using var dir = new TempDir();
        var target = dir.File("checkpoint");
        Directory.CreateDirectory(target + ".old");
        File.WriteAllText(Path.Combine(target + ".old", "a.txt"), "old");

        AtomicDirectory.Recover(target);

        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "a.txt")));
        Assert.False(Directory.Exists(target + ".old"));
    }

    [Fact]
    public void Replace_StaleTemporaryFolders_AreDiscarded()
    {
        using var dir = new TempDir();
        var target = dir.File("best");
        Directory.CreateDirectory(target + ".tmp");
        File.WriteAllText(Path.Combine(target + ".tmp", "stale.txt"), "x");
        Directory.CreateDirectory(target + ".old");

        AtomicDirectory.Replace(target, tmp => File.WriteAllText(Path.Combine(tmp, "a.txt"), "new"));

        Assert.Equal(["a.txt"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal(["best"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }
}

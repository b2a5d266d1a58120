using Contrastive.Core.Serialization;

namespace Contrastive.Core.Tests.Serialization;

public class AtomicFileTests
{
    [Fact]
    public void Write_WriterThrows_KeepsOldFileAndLeavesNoTemporary()
    {
        using var dir = new TempDir();
        var path = dir.File("a.txt");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            throw new InvalidOperationException("killed mid-write");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void WriteAllText_NewFolder_CreatesIt()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "sub", "b.txt");
        AtomicFile.WriteAllText(path, "héllo");
        Assert.Equal("héllo", File.ReadAllText(path));
    }

    [SkippableFact]
    public void Write_FolderThatCannotBeWritten_ContrastiveExceptionNamingTheTargetNotTheTemporaryFile()
    {
        Skip.IfNot(Directory.Exists("/proc/self"), "needs /proc (Linux)");

        var e = Assert.Throws<ContrastiveException>(() => AtomicFile.WriteAllText("/proc/x.npy", "data"));

        Assert.Contains("'/proc/x.npy'", e.Message);
        Assert.DoesNotContain(".tmp", e.Message);
    }

    [Fact]
    public void Write_TargetIsAFolder_ContrastiveExceptionNamingIt()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ContrastiveException>(() => AtomicFile.WriteAllText(dir.Path, "data"));
        Assert.Contains("is a folder", e.Message);
    }
}

using Contrastive.Core.Serialization;
using Contrastive.Tests;

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
}

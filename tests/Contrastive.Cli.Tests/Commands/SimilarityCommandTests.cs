
namespace Contrastive.Cli.Tests.Commands;

[Collection(ProgressDisplayCollection.Name)]
public class SimilarityCommandTests
{
    [Theory]
    [InlineData("fp32")]
    [InlineData("bf16")]
    public void Similarity_AnyDtype_Succeeds(string dtype)
    {
        using var dir = new TempDir();
        var (code, stderr) = InProcessCli.Run("similarity", "--model", TinyBert.SaveEncoderFolder(dir), "--dtype", dtype, "a man plays the guitar", "a dog runs");
        Assert.True(code == 0, stderr);
    }

    [Fact]
    public void Similarity_MissingModel_OneErrorLineNamingIt()
    {
        using var dir = new TempDir();
        var missing = dir.File("nope");
        InProcessCli.AssertBadInput(missing, "similarity", "--model", missing, "a", "b");
    }
}

using Contrastive.Core;
using Contrastive.Text.Models.Hub;

namespace Contrastive.Text.Tests.Models.Hub;

public class HubModelIdTests
{
    [Theory]
    [InlineData("princeton-nlp/sup-simcse-bert-base-uncased", "princeton-nlp/sup-simcse-bert-base-uncased", "main")]
    [InlineData("org/name@v1.0", "org/name", "v1.0")]
    [InlineData("bert-base-uncased", "bert-base-uncased", "main")]
    [InlineData("org/name@refs/pr/3", "org/name", "refs/pr/3")]
    public void Parse_ValidIds_SplitsRepoAndRevision(string spec, string repo, string revision)
    {
        var id = HubModelId.Parse(spec);
        Assert.Equal((repo, revision), (id.Repo, id.Revision));
    }

    [Fact]
    public void CacheFolderName_IsHuggingFaces()
    {
        Assert.Equal("models--princeton-nlp--unsup-simcse-bert-base-uncased", HubModelId.Parse("princeton-nlp/unsup-simcse-bert-base-uncased").CacheFolderName);
        Assert.True(HubModelId.Parse("a/b@0123456789abcdef0123456789abcdef01234567").RevisionIsCommit);
        Assert.False(HubModelId.Parse("a/b@main").RevisionIsCommit);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b/c")]
    [InlineData("/name")]
    [InlineData("org/")]
    [InlineData("org/na me")]
    [InlineData("../etc")]
    [InlineData("org/a--b")]
    [InlineData("org/name@")]
    [InlineData("org/name@../../x")]
    [InlineData("org/name@a b")]
    public void Parse_MalformedIds_ThrowNamingThem(string spec)
    {
        var e = Assert.Throws<ContrastiveException>(() => HubModelId.Parse(spec));
        Assert.StartsWith($"'{spec}':", e.Message);
    }
}

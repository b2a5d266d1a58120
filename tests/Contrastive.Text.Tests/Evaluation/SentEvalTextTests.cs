using Contrastive.Text.Evaluation;

namespace Contrastive.Text.Tests.Evaluation;

public class SentEvalTextTests
{
    [Fact]
    public void Normalize_RunsOfWhitespace_CollapseToOneSpaceAndTrim()
    {
        Assert.Equal("A man , is here .", SentEvalText.Normalize("  A man ,\u00a0 is\there .  "));
        Assert.Equal("", SentEvalText.Normalize("   "));
    }
}

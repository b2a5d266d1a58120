using Contrastive.Core;

namespace Contrastive.Cli.Tests;

public class DurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("20m", 1200)]
    [InlineData("1.5h", 5400)]
    [InlineData(" 2M ", 120)]
    [InlineData("00:20:00", 1200)]
    [InlineData("1:00:30", 3630)]
    public void Parse_ValidText_GivesTheDuration(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Duration.Parse(text, "--time-budget"));

    [Theory]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("00:00:00")]
    [InlineData("10x")]
    public void Parse_InvalidText_ThrowsNamingOptionAndValue(string text)
    {
        var e = Assert.Throws<ContrastiveException>(() => Duration.Parse(text, "--time-budget"));

        Assert.StartsWith($"--time-budget: '{text}'", e.Message);
    }
}

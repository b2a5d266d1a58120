using Contrastive.Core;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public class MaskedLanguageModelingOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AreBertsFifteenPercentAndEightyTenTen()
    {
        var options = new MaskedLanguageModelingOptions();
        Assert.Equal(0.15, options.MaskProbability);
        Assert.Equal(0.8, options.MaskTokenFraction);
        Assert.Equal(0.1, options.RandomTokenFraction);
        Assert.Equal(0.1, options.KeepFraction, 12);
    }

    [Theory]
    [InlineData(0.0, 0.8, 0.1)]
    [InlineData(1.5, 0.8, 0.1)]
    [InlineData(double.NaN, 0.8, 0.1)]
    [InlineData(0.15, -0.1, 0.1)]
    [InlineData(0.15, 0.8, 1.5)]
    [InlineData(0.15, 0.8, 0.3)]
    public void Validate_OutOfRange_ThrowsNamingValue(double probability, double maskFraction, double randomFraction)
    {
        var e = Assert.Throws<ContrastiveException>(() => new MaskedLanguageModelingOptions(probability, maskFraction, randomFraction).Validate());
        Assert.Contains("must", e.Message);
    }

    [Fact]
    public void Equality_SameValues_AreEqual()
    {
        Assert.Equal(new MaskedLanguageModelingOptions(0.2), new MaskedLanguageModelingOptions(MaskProbability: 0.2));
    }
}

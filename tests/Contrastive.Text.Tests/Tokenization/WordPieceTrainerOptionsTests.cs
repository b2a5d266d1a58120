using Contrastive.Core;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public class WordPieceTrainerOptionsTests
{
    [Fact]
    public void Constructor_Defaults_AreBertBaseUncased()
    {
        var options = new WordPieceTrainerOptions();

        Assert.Equal(30522, options.VocabSize);
        Assert.Equal(2, options.MinFrequency);
        Assert.True(options.Lowercase);
        Assert.Equal(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], options.SpecialTokens);
        Assert.Equal("##", options.ContinuingSubwordPrefix);
        Assert.Null(options.LimitAlphabet);
    }

    [Theory]
    [InlineData(5, 2, null, "VocabSize")]
    [InlineData(100, 0, null, "MinFrequency")]
    [InlineData(100, 2, 0, "LimitAlphabet")]
    public void Validate_OutOfRange_ThrowsNamingTheValue(int vocabSize, int minFrequency, int? limitAlphabet, string name)
    {
        var ex = Assert.Throws<ContrastiveException>(() =>
            new WordPieceTrainerOptions(vocabSize, minFrequency, limitAlphabet: limitAlphabet).Validate());
        Assert.StartsWith(name, ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("#a")]
    public void Validate_PrefixNotPunctuation_Throws(string prefix)
    {
        var ex = Assert.Throws<ContrastiveException>(() => new WordPieceTrainerOptions(continuingSubwordPrefix: prefix).Validate());
        Assert.Contains($"'{prefix}'", ex.Message);
    }

    [Fact]
    public void Validate_BadSpecialTokens_Throw()
    {
        Assert.Throws<ContrastiveException>(() => new WordPieceTrainerOptions(specialTokens: ["[PAD]", "[PAD]"]).Validate());
        Assert.Throws<ContrastiveException>(() => new WordPieceTrainerOptions(specialTokens: ["[PAD]", "a b"]).Validate());
        Assert.Throws<ContrastiveException>(() => new WordPieceTrainerOptions(specialTokens: [""]).Validate());
    }

    [Fact]
    public void Equals_SameValuesInOtherListInstances_AreEqual()
    {
        var a = new WordPieceTrainerOptions(8000, specialTokens: ["[PAD]", "[UNK]"]);
        var b = new WordPieceTrainerOptions(8000, specialTokens: new List<string> { "[PAD]", "[UNK]" });

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new WordPieceTrainerOptions(8001, specialTokens: ["[PAD]", "[UNK]"]));
    }
}

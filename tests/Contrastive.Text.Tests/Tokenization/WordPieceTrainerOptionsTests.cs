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
    [InlineData(5, 2, null, "vocabSize")]
    [InlineData(100, 0, null, "minFrequency")]
    [InlineData(100, 2, 0, "limitAlphabet")]
    public void Constructor_OutOfRange_ThrowsNamingTheValue(int vocabSize, int minFrequency, int? limitAlphabet, string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new WordPieceTrainerOptions(vocabSize, minFrequency, limitAlphabet: limitAlphabet));
        Assert.Equal(name, ex.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("#a")]
    public void Constructor_PrefixNotPunctuation_Throws(string prefix)
    {
        var ex = Assert.Throws<ArgumentException>(() => new WordPieceTrainerOptions(continuingSubwordPrefix: prefix));
        Assert.Contains($"'{prefix}'", ex.Message);
    }

    [Fact]
    public void Constructor_BadSpecialTokens_Throw()
    {
        Assert.Throws<ArgumentException>(() => new WordPieceTrainerOptions(specialTokens: ["[PAD]", "[PAD]"]));
        Assert.Throws<ArgumentException>(() => new WordPieceTrainerOptions(specialTokens: ["[PAD]", "a b"]));
        Assert.Throws<ArgumentException>(() => new WordPieceTrainerOptions(specialTokens: [""]));
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

using Contrastive.Text.Baselines;

namespace Contrastive.Text.Tests.Baselines;

public class BagOfWordsTokenizerTests
{
    [Fact]
    public void Tokenize_PunctuationApostrophesAndHyphens_SplitAndAreDropped()
    {
        Assert.Equal(["don", "t", "re", "use", "u", "s", "a", "3", "5"],
            BagOfWordsTokenizer.Tokenize("Don't re-use U.S.A. 3.5!"));
    }

    [Fact]
    public void Tokenize_MixedCaseAndWhitespace_LowerCasesAndKeepsRepeats()
    {
        Assert.Equal(["the", "cat", "the", "cat"], BagOfWordsTokenizer.Tokenize("  The\tCAT,\nthe cat  "));
    }

    [Fact]
    public void Tokenize_NonAsciiLetters_StayInsideTheirWords()
    {
        Assert.Equal(["café", "naïve", "ελλάδα", "東京"], BagOfWordsTokenizer.Tokenize("Café naïve ΕΛΛΆΔΑ 東京"));
        Assert.Equal(["cafe\u0301"], BagOfWordsTokenizer.Tokenize("cafe\u0301"));        // decomposed accent: one word
        Assert.Equal(["\U0001D400bc"], BagOfWordsTokenizer.Tokenize("\U0001D400bc?"));  // non-BMP letter
    }

    [Fact]
    public void Tokenize_NoWordCharacters_GivesNoTokens()
    {
        Assert.Empty(BagOfWordsTokenizer.Tokenize(""));
        Assert.Empty(BagOfWordsTokenizer.Tokenize(" ... !? -- "));
    }
}

using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public class BertBasicPreTokenizerTests
{
    static string[] Words(string text)
    {
        var preTokenizer = new BertBasicPreTokenizer(["[cls]", "[sep]", "[mask]", "[pad]", "[unk]"]);
        return preTokenizer.PreTokenize(text).Select(w => text.Substring(w.Offset, w.Length)).ToArray();
    }

    [Fact]
    public void PreTokenize_Punctuation_SplitIntoSingleCharacters()
    {
        Assert.Equal(["hello", ",", "world", "!", "!"], Words("hello, world!!"));
    }

    [Fact]
    public void PreTokenize_AsciiSymbols_AreSplitLikePunctuation()
    {
        Assert.Equal(["$", "5", "+", "3", "=", "8", "~", "a", "|", "b"], Words("$5+3=8 ~a|b"));
    }

    [Fact]
    public void PreTokenize_NonAsciiSymbols_StayInTheirWord()
    {
        Assert.Equal(["hello😀", "€5", "½"], Words("hello😀 €5 ½"));
        Assert.Equal(["«", "oui", "»", "…"], Words("«oui»…"));
    }

    [Fact]
    public void PreTokenize_SpecialTokens_KeptWholeEvenInsideWords()
    {
        Assert.Equal(["the", "[mask]", "is", "a", "[mask]", "b", "[", "other", "]"], Words("the [mask] is a[mask]b [other]"));
    }

    [Fact]
    public void PreTokenize_OnlyWhitespace_GivesNothing()
    {
        Assert.Empty(Words("  \t "));
    }
}

using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public class BasicPreTokenizerTests
{
    static readonly BasicPreTokenizer Uncased = new(lowercase: true);
    static readonly BasicPreTokenizer Cased = new(lowercase: false);

    [Fact]
    public void PreTokenize_Punctuation_EachMarkIsAWord()
    {
        Assert.Equal(["hello", ",", "world", "!", "(", "it", "'", "s", ")", "e", "-", "mail", "…", "«", "ok", "»"],
            Uncased.PreTokenize("Hello, world! (it's) e-mail… «OK»"));
    }

    [Fact]
    public void PreTokenize_AsciiSymbols_ArePunctuationButOtherSymbolsAreNot()
    {
        // $ + = ^ ` | ~ are ASCII non-alphanumerics (BERT treats them as punctuation); ° and € (So, Sc) are not.
        Assert.Equal(["$", "5", "+", "3", "=", "8", "^", "x", "`", "y", "|", "z", "~", "25°c", "3€"],
            Uncased.PreTokenize("$5+3=8^x`y|z~ 25°C 3€"));
    }

    [Fact]
    public void PreTokenize_Uncased_LowercasesAndStripsAccents()
    {
        Assert.Equal(["cafe", "nandu", "creme", "angstrom"], Uncased.PreTokenize("Café Ñandú CRÈME Ångström"));
        Assert.Equal(["cafe"], Uncased.PreTokenize("Cafe\u0301")); // decomposed input
    }

    [Fact]
    public void PreTokenize_Cased_KeepsCaseAccentsAndDecomposition()
    {
        Assert.Equal(["Café", "Ñandú", "Cafe\u0301"], Cased.PreTokenize("Café Ñandú Cafe\u0301"));
    }

    [Fact]
    public void Normalize_Uncased_StripsAccentsOfManyScripts()
    {
        // Greek tonos, Cyrillic й (и + breve), Vietnamese stacked marks, Hebrew dagesh presentation form.
        Assert.Equal("αθηνα ии viet \u05E9", Uncased.Normalize("Αθήνα Йй Việt \uFB49"));
    }

    [Fact]
    public void PreTokenize_ControlAndFormatCharacters_RemovedWhitespaceSplits()
    {
        // NUL, zero-width space (Cf), U+FFFD and a lone surrogate vanish; tab, CR LF, no-break space and U+2028 split.
        Assert.Equal(["ab", "cd", "e", "f", "gh", "ij", "k"],
            Uncased.PreTokenize("a\u0000b\tc\u200Bd\u00A0e\r\nf g\uFFFDh i\uD800j\u2028k"));
    }

    // が decomposes to か + U+3099 (a non-spacing mark), which uncased BERT strips as an accent.
    [Fact]
    public void PreTokenize_CjkIdeographs_EachIsAWordButKanaAndHangulAreNot()
    {
        Assert.Equal(["我", "爱", "nlp", "한국어", "ひらかな", "𠀀", "x"], Uncased.PreTokenize("我爱NLP 한국어 ひらがな𠀀x"));
    }

    [Fact]
    public void PreTokenize_Emoji_StaysInsideItsWord()
    {
        Assert.Equal(["😀ok", "."], Uncased.PreTokenize("😀ok."));
    }

    [Fact]
    public void PreTokenize_OnlyWhitespace_NoWords()
    {
        Assert.Empty(Uncased.PreTokenize(" \t\r\n "));
        Assert.Empty(Uncased.PreTokenize(""));
    }
}

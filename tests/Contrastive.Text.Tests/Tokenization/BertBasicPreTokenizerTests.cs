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
        Assert.Empty(Words(""));
    }

    [Fact]
    public void PreTokenize_SpecialTokenWithoutBracket_KeptWhole()
    {
        var preTokenizer = new BertBasicPreTokenizer(["<s>", "[mask]"]);
        const string text = "<s>hi <b> [mask]";
        Assert.Equal(["<s>", "hi", "<", "b", ">", "[mask]"],
            preTokenizer.PreTokenize(text).Select(w => text.Substring(w.Offset, w.Length)));
    }

    [Fact]
    public void IsSpecialToken_WholeTokenOnly()
    {
        var preTokenizer = new BertBasicPreTokenizer(["[mask]", "<s>"]);
        Assert.True(preTokenizer.IsSpecialToken("[mask]"));
        Assert.True(preTokenizer.IsSpecialToken("<s>"));
        Assert.False(preTokenizer.IsSpecialToken("[mask]x"));
        Assert.False(preTokenizer.IsSpecialToken("[MASK]"));
        Assert.False(preTokenizer.IsSpecialToken(""));
    }

    [Fact]
    public void Split_AppendsToTheList_SameAsPreTokenize()
    {
        var preTokenizer = new BertBasicPreTokenizer(["[mask]"]);
        var words = new List<(int Offset, int Length)> { (7, 7) };
        preTokenizer.Split("ab, [mask]c", words);
        Assert.Equal([(7, 7), (0, 2), (2, 1), (4, 6), (10, 1)], words);
        Assert.Equal(words.Skip(1), preTokenizer.PreTokenize("ab, [mask]c"));
    }

    // Normalizer then pre-tokenizer, as WordPieceTokenizer and WordPieceTrainer run them: Hugging Face's BasicTokenizer.
    static string[] BasicTokenize(string text, bool lowercase = true)
    {
        var normalized = new BertBasicNormalizer(lowercase, stripAccents: lowercase).Normalize(text);
        return new BertBasicPreTokenizer(["[mask]"]).PreTokenize(normalized)
            .Select(w => normalized.Substring(w.Offset, w.Length)).ToArray();
    }

    [Fact]
    public void BasicTokenize_Punctuation_EachMarkIsAWord()
    {
        Assert.Equal(["hello", ",", "world", "!", "(", "it", "'", "s", ")", "e", "-", "mail", "…", "«", "ok", "»"],
            BasicTokenize("Hello, world! (it's) e-mail… «OK»"));
    }

    [Fact]
    public void BasicTokenize_AsciiSymbols_ArePunctuationButOtherSymbolsAreNot()
    {
        // $ + = ^ ` | ~ are ASCII non-alphanumerics (BERT treats them as punctuation); ° and € (So, Sc) are not.
        Assert.Equal(["$", "5", "+", "3", "=", "8", "^", "x", "`", "y", "|", "z", "~", "25°c", "3€"],
            BasicTokenize("$5+3=8^x`y|z~ 25°C 3€"));
    }

    [Fact]
    public void BasicTokenize_ControlAndFormatCharacters_RemovedWhitespaceSplits()
    {
        // NUL, zero-width space (Cf), U+FFFD and a lone surrogate vanish; tab, CR LF, no-break space and U+2028 split
        // (U+2028 is kept by the normalizer, as Python's _clean_text keeps it, and splits as Python's str.split does).
        Assert.Equal(["ab", "cd", "e", "f", "gh", "ij", "k"],
            BasicTokenize("a\u0000b\tc\u200Bd\u00A0e\r\nf g\uFFFDh i\uD800j\u2028k"));
    }

    [Fact]
    public void BasicTokenize_CjkIdeographsAreWords_HangulDecomposesToJamo_KanaLosesVoicingMark()
    {
        // Python's _run_strip_accents is NFD without Mn and no recomposition: 한국어 becomes jamo, が becomes か.
        Assert.Equal(["我", "爱", "nlp", "\u1112\u1161\u11AB\u1100\u116E\u11A8\u110B\u1165", "ひらかな", "𠀀", "x"],
            BasicTokenize("我爱NLP 한국어 ひらがな𠀀x"));
        Assert.Equal(["我", "爱", "한국어", "ひらがな"], BasicTokenize("我爱 한국어 ひらがな", lowercase: false));
    }

    [Fact]
    public void BasicTokenize_SpecialTokenAfterLowercasing_KeptWhole()
    {
        Assert.Equal(["the", "[mask]", "sat", "."], BasicTokenize("The[MASK] sat."));
    }
}

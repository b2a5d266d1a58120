using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public class BertBasicNormalizerTests
{
    [Fact]
    public void Normalize_Uncased_LowercasesAndStripsAccents()
    {
        Assert.Equal("cafe au lait", new BertBasicNormalizer(lowercase: true, stripAccents: true).Normalize("Café AU Lait"));
    }

    [Fact]
    public void Normalize_TurkishCapitalDottedI_LowercasesLikePython()
    {
        Assert.Equal("istanbul", new BertBasicNormalizer(lowercase: true, stripAccents: true).Normalize("İstanbul"));
        Assert.Equal("i\u0307stanbul", new BertBasicNormalizer(lowercase: true, stripAccents: false).Normalize("İstanbul"));
    }

    [Fact]
    public void Normalize_Uncased_StripsPrecomposedAndCombiningAccents()
    {
        var normalizer = new BertBasicNormalizer(lowercase: true, stripAccents: true);
        Assert.Equal("cafe nandu creme angstrom", normalizer.Normalize("Café Ñandú CRÈME Ångström"));
        Assert.Equal("cafe", normalizer.Normalize("Cafe\u0301"));
    }

    [Fact]
    public void Normalize_Uncased_StripsAccentsOfManyScripts()
    {
        // Greek tonos, Cyrillic й (и + breve), Vietnamese stacked marks, Hebrew dagesh presentation form.
        Assert.Equal("αθηνα ии viet \u05E9", new BertBasicNormalizer(true, true).Normalize("Αθήνα Йй Việt \uFB49"));
    }

    [Fact]
    public void Normalize_Cased_KeepsCaseAccentsAndDecomposition()
    {
        var normalizer = new BertBasicNormalizer(lowercase: false, stripAccents: false);
        Assert.Equal("Café", normalizer.Normalize("Café"));
        Assert.Equal("Café Ñandú Cafe\u0301", normalizer.Normalize("Café Ñandú Cafe\u0301"));
    }

    [Fact]
    public void Normalize_PrintableAscii_OnlyCaseChanges()
    {
        const string text = "Hello, World! ~{[42]}";
        Assert.Equal("hello, world! ~{[42]}", new BertBasicNormalizer(true, true).Normalize(text));
        Assert.Same(text, new BertBasicNormalizer(false, false).Normalize(text));
        // DEL (U+007F) is past '~': a control character, dropped.
        Assert.Equal("ab", new BertBasicNormalizer(true, true).Normalize("A\u007FB"));
    }

    [Fact]
    public void Normalize_ControlAndReplacementCharacters_AreDropped()
    {
        // U+0000, U+FFFD, soft hyphen (Cf), zero-width space (Cf), BEL (Cc), a private-use character (Co)
        Assert.Equal("abcdef", new BertBasicNormalizer(true, true).Normalize("a\u0000b\uFFFDc\u00ADd\u200Be\u0007\uE000f"));
    }

    [Fact]
    public void Normalize_Whitespace_BecomesSpaces()
    {
        Assert.Equal("a b c d e", new BertBasicNormalizer(true, true).Normalize("a\tb\nc\rd\u00A0e"));
    }

    [Fact]
    public void Normalize_CjkIdeographs_GetSurroundingSpaces()
    {
        Assert.Equal(" 日  本 go", new BertBasicNormalizer(true, true).Normalize("日本go"));
    }

    [Fact]
    public void Normalize_SpanOverload_SameAsString()
    {
        var normalizer = new BertBasicNormalizer(true, true);
        Assert.Equal(normalizer.Normalize("Héllo"), normalizer.Normalize("Héllo".AsSpan()));
    }
}

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
    public void Normalize_Cased_KeepsCaseAndAccents()
    {
        Assert.Equal("Café", new BertBasicNormalizer(lowercase: false, stripAccents: false).Normalize("Café"));
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

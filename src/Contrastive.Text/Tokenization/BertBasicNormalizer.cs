using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// The character-level half of Hugging Face's BERT <c>BasicTokenizer</c> (transformers, tokenization_bert.py), run on
/// the whole text before <see cref="BertBasicPreTokenizer"/> splits it:
/// <list type="number">
/// <item><c>_clean_text</c>: drop U+0000, U+FFFD and every "C*" category character except \t \n \r; map \t \n \r and
/// space separators (Zs) to ' '.</item>
/// <item><c>_tokenize_chinese_chars</c>: put spaces around CJK ideographs.</item>
/// <item>uncased vocabularies: lowercase, then strip accents (<see cref="AccentStripper"/>).</item>
/// </list>
/// Replaces Microsoft.ML.Tokenizers' own BERT normalizer, which under invariant globalization cannot decompose accents
/// ("café" became [UNK]). <see cref="WordPieceTokenizer"/> and <see cref="WordPieceTrainer"/> both use it, so a trained
/// vocabulary covers the text exactly as it will be encoded.
/// </summary>
internal sealed class BertBasicNormalizer(bool lowercase, bool stripAccents) : Normalizer
{
    const int CapitalIWithDotAbove = 0x0130;

    public bool Lowercase { get; } = lowercase;
    public bool StripAccents { get; } = stripAccents;

    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        // Printable ASCII has no control, CJK or accented character: only case can change.
        if (!original.AsSpan().ContainsAnyExceptInRange(' ', '~'))
            return Lowercase ? original.ToLowerInvariant() : original;
        var builder = new StringBuilder(original.Length + 16);
        foreach (var rune in original.EnumerateRunes())   // a lone surrogate arrives as U+FFFD and is dropped
        {
            var cp = rune.Value;
            if (cp == 0 || cp == 0xFFFD || IsControl(rune))
                continue;
            if (IsWhitespace(rune))
            {
                builder.Append(' ');
                continue;
            }
            var cjk = IsCjkIdeograph(cp);
            if (cjk)
                builder.Append(' ');
            if (Lowercase && cp == CapitalIWithDotAbove)
            {
                // Python lowercases İ to "i" + combining dot (full case mapping); .NET's invariant casing leaves it.
                builder.Append(StripAccents ? "i" : "i\u0307");
                continue;
            }
            var lowered = Lowercase ? Rune.ToLowerInvariant(rune) : rune;
            if (StripAccents)
                AccentStripper.Append(lowered, builder);
            else
                builder.Append(lowered.ToString());
            if (cjk)
                builder.Append(' ');
        }
        return builder.ToString();
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

    /// <summary>Hugging Face <c>_is_whitespace</c>: space, \t, \n, \r or category Zs.</summary>
    internal static bool IsWhitespace(Rune rune) =>
        rune.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(rune) == UnicodeCategory.SpaceSeparator;

    /// <summary>Hugging Face <c>_is_control</c>: a "C*" category (Cc, Cf, Cs, Co, Cn) other than \t, \n, \r.</summary>
    internal static bool IsControl(Rune rune)
    {
        if (rune.Value is '\t' or '\n' or '\r')
            return false;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    /// <summary>Hugging Face <c>_is_chinese_char</c>: the CJK Unified and Compatibility Ideograph blocks.</summary>
    internal static bool IsCjkIdeograph(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF
            or >= 0x3400 and <= 0x4DBF
            or >= 0x20000 and <= 0x2A6DF
            or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F
            or >= 0x2B820 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF
            or >= 0x2F800 and <= 0x2FA1F;
}

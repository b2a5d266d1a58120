using System.Globalization;
using System.Text;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// Hugging Face BERT's accent stripping, <c>_run_strip_accents</c>: canonical decomposition (Unicode NFD), then every
/// non-spacing mark (category Mn) dropped, so "Café" -> "Cafe", "Ωmega" keeps its Ω, "한" -> its three jamo.
/// Implemented here rather than with <see cref="string.Normalize()"/> because the project runs with invariant
/// globalization, where .NET leaves strings unnormalized. Hangul syllables decompose algorithmically (Unicode 3.12);
/// every other decomposition comes from <see cref="AccentStripTable"/>, generated from Python's unicodedata (Unicode
/// 14.0) by <c>scripts/generate-accent-table.py</c>.
/// </summary>
internal static class AccentStripper
{
    const int HangulBase = 0xAC00, HangulCount = 11172, LeadBase = 0x1100, VowelBase = 0x1161, TrailBase = 0x11A7;
    const int VowelCount = 21, TrailCount = 28, VowelTrailCount = VowelCount * TrailCount;

    /// <summary>The text with accents stripped.</summary>
    public static string Strip(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
            Append(rune, builder);
        return builder.ToString();
    }

    /// <summary>Appends the character decomposed, without its non-spacing marks (nothing when it is one).</summary>
    public static void Append(Rune rune, StringBuilder builder)
    {
        var cp = rune.Value;
        if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            return;
        if ((uint)(cp - HangulBase) < HangulCount)
        {
            var index = cp - HangulBase;
            builder.Append((char)(LeadBase + index / VowelTrailCount));
            builder.Append((char)(VowelBase + index % VowelTrailCount / TrailCount));
            if (index % TrailCount != 0)
                builder.Append((char)(TrailBase + index % TrailCount));
            return;
        }
        if (Decompositions.TryGetValue(cp, out var stripped))
            builder.Append(stripped);
        else
            builder.Append(rune.ToString());
    }

    static readonly Dictionary<int, string> Decompositions = AccentStripTable.Entries.ToDictionary(e => e.CodePoint, e => e.Stripped);
}

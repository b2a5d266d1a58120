using System.Globalization;
using System.Text;

namespace Contrastive.Text.Baselines;

/// <summary>
/// The word tokenisation shared by the bag-of-words baselines (<see cref="TfIdfEncoder"/>,
/// <see cref="WordVectorAverageEncoder"/>): the text is lower-cased (invariant culture), and a token is a maximal run
/// of letters, digits and combining marks (Unicode categories L*, Nd, Mn, Mc, read as whole code points, so
/// non-BMP letters and decomposed accents stay inside their word). Everything else (spaces, punctuation, symbols,
/// apostrophes, hyphens) separates tokens and is dropped: "Don't re-use U.S.A. 3.5!" → don, t, re, use, u, s, a, 3, 5.
/// </summary>
public static class BagOfWordsTokenizer
{
    /// <summary>The tokens of <paramref name="text"/> in order, repeats kept.</summary>
    public static List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.ToLowerInvariant().EnumerateRunes())
        {
            if (IsWordRune(rune))
            {
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }

    static bool IsWordRune(Rune rune) =>
        Rune.IsLetterOrDigit(rune) ||
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}

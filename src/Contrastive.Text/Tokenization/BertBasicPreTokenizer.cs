using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// The splitting half of Hugging Face's BERT <c>BasicTokenizer</c>, run on the text <see cref="BertBasicNormalizer"/>
/// produced: special tokens ([CLS], [MASK], ...) are cut out whole wherever they occur, the rest is split on
/// whitespace, and every punctuation character (<c>_is_punctuation</c>: ASCII 33-47, 58-64, 91-96, 123-126, or a
/// Unicode "P*" category) becomes a word of its own. Other symbols (€, ½, emoji) stay inside their word, where
/// WordPiece either finds them or gives [UNK] for the word, as Hugging Face does. Replaces Microsoft.ML.Tokenizers'
/// <c>\w+|\p{P}</c> pre-tokenizer, which silently drops "$", "+", "=", "½", "😀". Shared by
/// <see cref="WordPieceTokenizer"/> and <see cref="WordPieceTrainer"/>, so that both see the same words.
/// </summary>
internal sealed class BertBasicPreTokenizer : PreTokenizer
{
    readonly string[] _specialTokens;
    readonly SearchValues<char> _specialTokenStarts;

    /// <param name="specialTokens">Special tokens as they appear in normalized text (lowercased for uncased vocabularies).</param>
    public BertBasicPreTokenizer(IEnumerable<string> specialTokens)
    {
        ArgumentNullException.ThrowIfNull(specialTokens);
        // Longest first, so that a token that prefixes another never wins.
        _specialTokens = specialTokens.Where(t => t.Length > 0).Distinct().OrderByDescending(t => t.Length).ToArray();
        _specialTokenStarts = SearchValues.Create(_specialTokens.Select(t => t[0]).Distinct().ToArray());
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<(int Offset, int Length)>();
        Split(text, words);
        return words;
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => PreTokenize(text.ToString());

    /// <summary>Appends the (offset, length) of every word of <paramref name="text"/>, in order, to <paramref name="words"/>.</summary>
    public void Split(ReadOnlySpan<char> text, List<(int Offset, int Length)> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var wordStart = -1;
        var i = 0;
        while (i < text.Length)
        {
            var special = MatchSpecialToken(text, i);
            if (special > 0)
            {
                Flush(words, ref wordStart, i);
                words.Add((i, special));
                i += special;
                continue;
            }
            Rune.DecodeFromUtf16(text[i..], out var rune, out var width);
            if (Rune.IsWhiteSpace(rune))
            {
                Flush(words, ref wordStart, i);
            }
            else if (IsPunctuation(rune))
            {
                Flush(words, ref wordStart, i);
                words.Add((i, width));
            }
            else if (wordStart < 0)
            {
                wordStart = i;
            }
            i += width;
        }
        Flush(words, ref wordStart, text.Length);
    }

    /// <summary>True when <paramref name="word"/> is one of the special tokens.</summary>
    public bool IsSpecialToken(ReadOnlySpan<char> word) => word.Length > 0 && MatchSpecialToken(word, 0) == word.Length;

    static void Flush(List<(int Offset, int Length)> words, ref int wordStart, int end)
    {
        if (wordStart >= 0)
            words.Add((wordStart, end - wordStart));
        wordStart = -1;
    }

    int MatchSpecialToken(ReadOnlySpan<char> text, int index)
    {
        if (!_specialTokenStarts.Contains(text[index]))
            return 0;
        foreach (var token in _specialTokens)
            if (text[index..].StartsWith(token, StringComparison.Ordinal))
                return token.Length;
        return 0;
    }

    /// <summary>Hugging Face <c>_is_punctuation</c>: all non-alphanumeric ASCII symbols, and Unicode "P*" categories.</summary>
    internal static bool IsPunctuation(Rune rune)
    {
        var cp = rune.Value;
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126)
            return true;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }
}

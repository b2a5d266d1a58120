using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// BERT's BasicTokenizer (Devlin et al., arXiv:1810.04805; Hugging Face <c>BertNormalizer</c> +
/// <c>BertPreTokenizer</c>): splits raw text into the words that WordPiece then cuts into sub-words.
/// <list type="number">
/// <item>Clean (<c>_clean_text</c>): drop U+0000, U+FFFD, unpaired surrogates and control characters (Unicode C*
/// categories, except tab, line feed and carriage return); turn those three and the space separators (Zs) into a
/// plain space.</item>
/// <item>Put spaces around every CJK ideograph (<c>_tokenize_chinese_chars</c>).</item>
/// <item>Uncased only: lower-case, then strip accents (<c>_run_strip_accents</c>): canonical decomposition and removal
/// of the non-spacing marks (Mn), e.g. <c>Café</c> → <c>cafe</c>, <c>ñ</c> → <c>n</c>.</item>
/// <item>Split on whitespace; every punctuation character (Unicode P* categories and the ASCII non-alphanumerics
/// 33–47, 58–64, 91–96, 123–126, as <c>_is_punctuation</c>) becomes a word of its own.</item>
/// </list>
/// Accent stripping uses a built-in table rather than <see cref="string.Normalize()"/>, which does nothing under
/// InvariantGlobalization (this repository's setting) and would otherwise depend on the machine's ICU: the result is
/// the same everywhere. As in Hugging Face tokenizers' Rust <c>BertNormalizer</c>, no NFC composition is applied, so
/// in cased mode a decomposed "e\u0301" stays two characters.
/// </summary>
public sealed class BasicPreTokenizer
{
    /// <summary>Lower-case and strip accents (uncased BERT).</summary>
    public bool Lowercase { get; }

    public BasicPreTokenizer(bool lowercase = true) => Lowercase = lowercase;

    /// <summary>The words of <paramref name="text"/>, in order.</summary>
    public IReadOnlyList<string> PreTokenize(string text)
    {
        var normalized = Normalize(text);
        var ranges = new List<Range>();
        Split(normalized, ranges);
        var words = new string[ranges.Count];
        for (int i = 0; i < words.Length; i++) words[i] = normalized[ranges[i]];
        return words;
    }

    /// <summary>
    /// Steps 1–3: the cleaned text with CJK ideographs spaced out, lower-cased and accent-stripped when uncased.
    /// It matches Microsoft.ML.Tokenizers' <c>BertNormalizer</c> with working accent stripping, so it can stand in
    /// for it (through <c>BertOptions.Normalizer</c>) to encode exactly as the vocabulary was trained.
    /// </summary>
    public string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool plainAscii = true;
        foreach (var c in text)
            if (c is < ' ' or > '~') { plainAscii = false; break; }
        if (plainAscii) return Lowercase ? text.ToLowerInvariant() : text;

        var sb = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes()) // an unpaired surrogate reads as U+FFFD
        {
            int cp = rune.Value;
            if (cp is 0 or 0xFFFD) continue;
            var category = Rune.GetUnicodeCategory(rune);
            if (cp is '\t' or '\n' or '\r' || category == UnicodeCategory.SpaceSeparator)
            {
                sb.Append(' ');
                continue;
            }
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate)
                continue;
            if (IsCjk(cp))
            {
                sb.Append(' ');
                Append(sb, rune);
                sb.Append(' ');
                continue;
            }
            if (!Lowercase)
            {
                Append(sb, rune);
                continue;
            }
            var lower = Rune.ToLowerInvariant(rune);
            if (Rune.GetUnicodeCategory(lower) == UnicodeCategory.NonSpacingMark) continue;
            if (StrippedForms.TryGetValue(lower.Value, out var stripped)) sb.Append(stripped);
            else Append(sb, lower);
        }
        return sb.ToString();
    }

    /// <summary>Step 4: appends to <paramref name="words"/> the range of every word of normalized text.</summary>
    internal static void Split(ReadOnlySpan<char> text, List<Range> words)
    {
        int start = -1; // start of the word being read, or -1 between words
        int i = 0;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text[i..], out var rune, out int width);
            if (Rune.IsWhiteSpace(rune))
            {
                if (start >= 0) words.Add(start..i);
                start = -1;
            }
            else if (IsPunctuation(rune) || IsCjk(rune.Value))
            {
                if (start >= 0) words.Add(start..i);
                words.Add(i..(i + width));
                start = -1;
            }
            else if (start < 0)
            {
                start = i;
            }
            i += width;
        }
        if (start >= 0) words.Add(start..text.Length);
    }

    /// <summary>Hugging Face's <c>_is_punctuation</c>: the ASCII non-alphanumerics and every Unicode P* category.</summary>
    internal static bool IsPunctuation(Rune rune)
    {
        int cp = rune.Value;
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>BERT's <c>_is_chinese_char</c>: the CJK Unified Ideographs blocks and the compatibility ideographs.</summary>
    internal static bool IsCjk(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
            or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    static void Append(StringBuilder sb, Rune rune)
    {
        if (rune.IsBmp) sb.Append((char)rune.Value);
        else sb.Append(char.ConvertFromUtf32(rune.Value));
    }

    /// <summary>Code point → its accent-stripped form, parsed from <see cref="AccentStrippedForms"/>.</summary>
    static readonly FrozenDictionary<int, string> StrippedForms = ParseStrippedForms();

    static FrozenDictionary<int, string> ParseStrippedForms()
    {
        var map = new Dictionary<int, string>();
        foreach (var entry in AccentStrippedForms.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var key = Rune.GetRuneAt(entry, 0);
            map.Add(key.Value, entry[key.Utf16SequenceLength..]);
        }
        return map.ToFrozenDictionary();
    }

    /// <summary>
    /// "key value;" for every character (other than a mark itself) whose canonical decomposition (NFD) contains a
    /// non-spacing mark (Mn): the NFC of that decomposition without its marks, i.e. <c>_run_strip_accents</c> of the
    /// character. Generated with Python's <c>unicodedata</c> (Unicode 14.0): 988 entries, Latin, Greek, Cyrillic,
    /// Hebrew, Arabic, Indic and others.
    /// </summary>
    const string AccentStrippedForms =
        "\u00C0A;\u00C1A;\u00C2A;\u00C3A;\u00C4A;\u00C5A;\u00C7C;\u00C8E;\u00C9E;\u00CAE;\u00CBE;\u00CCI;" +
        "\u00CDI;\u00CEI;\u00CFI;\u00D1N;\u00D2O;\u00D3O;\u00D4O;\u00D5O;\u00D6O;\u00D9U;\u00DAU;\u00DBU;" +
        "\u00DCU;\u00DDY;\u00E0a;\u00E1a;\u00E2a;\u00E3a;\u00E4a;\u00E5a;\u00E7c;\u00E8e;\u00E9e;\u00EAe;" +
        "\u00EBe;\u00ECi;\u00EDi;\u00EEi;\u00EFi;\u00F1n;\u00F2o;\u00F3o;\u00F4o;\u00F5o;\u00F6o;\u00F9u;" +
        "\u00FAu;\u00FBu;\u00FCu;\u00FDy;\u00FFy;\u0100A;\u0101a;\u0102A;\u0103a;\u0104A;\u0105a;\u0106C;" +
        "\u0107c;\u0108C;\u0109c;\u010AC;\u010Bc;\u010CC;\u010Dc;\u010ED;\u010Fd;\u0112E;\u0113e;\u0114E;" +
        "\u0115e;\u0116E;\u0117e;\u0118E;\u0119e;\u011AE;\u011Be;\u011CG;\u011Dg;\u011EG;\u011Fg;\u0120G;" +
        "\u0121g;\u0122G;\u0123g;\u0124H;\u0125h;\u0128I;\u0129i;\u012AI;\u012Bi;\u012CI;\u012Di;\u012EI;" +
        "\u012Fi;\u0130I;\u0134J;\u0135j;\u0136K;\u0137k;\u0139L;\u013Al;\u013BL;\u013Cl;\u013DL;\u013El;" +
        "\u0143N;\u0144n;\u0145N;\u0146n;\u0147N;\u0148n;\u014CO;\u014Do;\u014EO;\u014Fo;\u0150O;\u0151o;" +
        "\u0154R;\u0155r;\u0156R;\u0157r;\u0158R;\u0159r;\u015AS;\u015Bs;\u015CS;\u015Ds;\u015ES;\u015Fs;" +
        "\u0160S;\u0161s;\u0162T;\u0163t;\u0164T;\u0165t;\u0168U;\u0169u;\u016AU;\u016Bu;\u016CU;\u016Du;" +
        "\u016EU;\u016Fu;\u0170U;\u0171u;\u0172U;\u0173u;\u0174W;\u0175w;\u0176Y;\u0177y;\u0178Y;\u0179Z;" +
        "\u017Az;\u017BZ;\u017Cz;\u017DZ;\u017Ez;\u01A0O;\u01A1o;\u01AFU;\u01B0u;\u01CDA;\u01CEa;\u01CFI;" +
        "\u01D0i;\u01D1O;\u01D2o;\u01D3U;\u01D4u;\u01D5U;\u01D6u;\u01D7U;\u01D8u;\u01D9U;\u01DAu;\u01DBU;" +
        "\u01DCu;\u01DEA;\u01DFa;\u01E0A;\u01E1a;\u01E2\u00C6;\u01E3\u00E6;\u01E6G;\u01E7g;\u01E8K;\u01E9k;" +
        "\u01EAO;\u01EBo;\u01ECO;\u01EDo;\u01EE\u01B7;\u01EF\u0292;\u01F0j;\u01F4G;\u01F5g;\u01F8N;\u01F9n;" +
        "\u01FAA;\u01FBa;\u01FC\u00C6;\u01FD\u00E6;\u01FE\u00D8;\u01FF\u00F8;\u0200A;\u0201a;\u0202A;\u0203a;" +
        "\u0204E;\u0205e;\u0206E;\u0207e;\u0208I;\u0209i;\u020AI;\u020Bi;\u020CO;\u020Do;\u020EO;\u020Fo;" +
        "\u0210R;\u0211r;\u0212R;\u0213r;\u0214U;\u0215u;\u0216U;\u0217u;\u0218S;\u0219s;\u021AT;\u021Bt;" +
        "\u021EH;\u021Fh;\u0226A;\u0227a;\u0228E;\u0229e;\u022AO;\u022Bo;\u022CO;\u022Do;\u022EO;\u022Fo;" +
        "\u0230O;\u0231o;\u0232Y;\u0233y;\u0385\u00A8;\u0386\u0391;\u0388\u0395;\u0389\u0397;\u038A\u0399;" +
        "\u038C\u039F;\u038E\u03A5;\u038F\u03A9;\u0390\u03B9;\u03AA\u0399;\u03AB\u03A5;\u03AC\u03B1;" +
        "\u03AD\u03B5;\u03AE\u03B7;\u03AF\u03B9;\u03B0\u03C5;\u03CA\u03B9;\u03CB\u03C5;\u03CC\u03BF;" +
        "\u03CD\u03C5;\u03CE\u03C9;\u03D3\u03D2;\u03D4\u03D2;\u0400\u0415;\u0401\u0415;\u0403\u0413;" +
        "\u0407\u0406;\u040C\u041A;\u040D\u0418;\u040E\u0423;\u0419\u0418;\u0439\u0438;\u0450\u0435;" +
        "\u0451\u0435;\u0453\u0433;\u0457\u0456;\u045C\u043A;\u045D\u0438;\u045E\u0443;\u0476\u0474;" +
        "\u0477\u0475;\u04C1\u0416;\u04C2\u0436;\u04D0\u0410;\u04D1\u0430;\u04D2\u0410;\u04D3\u0430;" +
        "\u04D6\u0415;\u04D7\u0435;\u04DA\u04D8;\u04DB\u04D9;\u04DC\u0416;\u04DD\u0436;\u04DE\u0417;" +
        "\u04DF\u0437;\u04E2\u0418;\u04E3\u0438;\u04E4\u0418;\u04E5\u0438;\u04E6\u041E;\u04E7\u043E;" +
        "\u04EA\u04E8;\u04EB\u04E9;\u04EC\u042D;\u04ED\u044D;\u04EE\u0423;\u04EF\u0443;\u04F0\u0423;" +
        "\u04F1\u0443;\u04F2\u0423;\u04F3\u0443;\u04F4\u0427;\u04F5\u0447;\u04F8\u042B;\u04F9\u044B;" +
        "\u0622\u0627;\u0623\u0627;\u0624\u0648;\u0625\u0627;\u0626\u064A;\u06C0\u06D5;\u06C2\u06C1;" +
        "\u06D3\u06D2;\u0929\u0928;\u0931\u0930;\u0934\u0933;\u0958\u0915;\u0959\u0916;\u095A\u0917;" +
        "\u095B\u091C;\u095C\u0921;\u095D\u0922;\u095E\u092B;\u095F\u092F;\u09DC\u09A1;\u09DD\u09A2;" +
        "\u09DF\u09AF;\u0A33\u0A32;\u0A36\u0A38;\u0A59\u0A16;\u0A5A\u0A17;\u0A5B\u0A1C;\u0A5E\u0A2B;" +
        "\u0B48\u0B47;\u0B5C\u0B21;\u0B5D\u0B22;\u0CC0\u0CD5;\u0CC7\u0CD5;\u0CC8\u0CD6;\u0CCA\u0CC2;" +
        "\u0CCB\u0CC2\u0CD5;\u0DDA\u0DD9;\u0DDD\u0DDC;\u0F43\u0F42;\u0F4D\u0F4C;\u0F52\u0F51;\u0F57\u0F56;" +
        "\u0F5C\u0F5B;\u0F69\u0F40;\u1026\u1025;\u1B3B\u1B35;\u1B3D\u1B35;\u1B43\u1B35;\u1E00A;\u1E01a;" +
        "\u1E02B;\u1E03b;\u1E04B;\u1E05b;\u1E06B;\u1E07b;\u1E08C;\u1E09c;\u1E0AD;\u1E0Bd;\u1E0CD;\u1E0Dd;" +
        "\u1E0ED;\u1E0Fd;\u1E10D;\u1E11d;\u1E12D;\u1E13d;\u1E14E;\u1E15e;\u1E16E;\u1E17e;\u1E18E;\u1E19e;" +
        "\u1E1AE;\u1E1Be;\u1E1CE;\u1E1De;\u1E1EF;\u1E1Ff;\u1E20G;\u1E21g;\u1E22H;\u1E23h;\u1E24H;\u1E25h;" +
        "\u1E26H;\u1E27h;\u1E28H;\u1E29h;\u1E2AH;\u1E2Bh;\u1E2CI;\u1E2Di;\u1E2EI;\u1E2Fi;\u1E30K;\u1E31k;" +
        "\u1E32K;\u1E33k;\u1E34K;\u1E35k;\u1E36L;\u1E37l;\u1E38L;\u1E39l;\u1E3AL;\u1E3Bl;\u1E3CL;\u1E3Dl;" +
        "\u1E3EM;\u1E3Fm;\u1E40M;\u1E41m;\u1E42M;\u1E43m;\u1E44N;\u1E45n;\u1E46N;\u1E47n;\u1E48N;\u1E49n;" +
        "\u1E4AN;\u1E4Bn;\u1E4CO;\u1E4Do;\u1E4EO;\u1E4Fo;\u1E50O;\u1E51o;\u1E52O;\u1E53o;\u1E54P;\u1E55p;" +
        "\u1E56P;\u1E57p;\u1E58R;\u1E59r;\u1E5AR;\u1E5Br;\u1E5CR;\u1E5Dr;\u1E5ER;\u1E5Fr;\u1E60S;\u1E61s;" +
        "\u1E62S;\u1E63s;\u1E64S;\u1E65s;\u1E66S;\u1E67s;\u1E68S;\u1E69s;\u1E6AT;\u1E6Bt;\u1E6CT;\u1E6Dt;" +
        "\u1E6ET;\u1E6Ft;\u1E70T;\u1E71t;\u1E72U;\u1E73u;\u1E74U;\u1E75u;\u1E76U;\u1E77u;\u1E78U;\u1E79u;" +
        "\u1E7AU;\u1E7Bu;\u1E7CV;\u1E7Dv;\u1E7EV;\u1E7Fv;\u1E80W;\u1E81w;\u1E82W;\u1E83w;\u1E84W;\u1E85w;" +
        "\u1E86W;\u1E87w;\u1E88W;\u1E89w;\u1E8AX;\u1E8Bx;\u1E8CX;\u1E8Dx;\u1E8EY;\u1E8Fy;\u1E90Z;\u1E91z;" +
        "\u1E92Z;\u1E93z;\u1E94Z;\u1E95z;\u1E96h;\u1E97t;\u1E98w;\u1E99y;\u1E9B\u017F;\u1EA0A;\u1EA1a;" +
        "\u1EA2A;\u1EA3a;\u1EA4A;\u1EA5a;\u1EA6A;\u1EA7a;\u1EA8A;\u1EA9a;\u1EAAA;\u1EABa;\u1EACA;\u1EADa;" +
        "\u1EAEA;\u1EAFa;\u1EB0A;\u1EB1a;\u1EB2A;\u1EB3a;\u1EB4A;\u1EB5a;\u1EB6A;\u1EB7a;\u1EB8E;\u1EB9e;" +
        "\u1EBAE;\u1EBBe;\u1EBCE;\u1EBDe;\u1EBEE;\u1EBFe;\u1EC0E;\u1EC1e;\u1EC2E;\u1EC3e;\u1EC4E;\u1EC5e;" +
        "\u1EC6E;\u1EC7e;\u1EC8I;\u1EC9i;\u1ECAI;\u1ECBi;\u1ECCO;\u1ECDo;\u1ECEO;\u1ECFo;\u1ED0O;\u1ED1o;" +
        "\u1ED2O;\u1ED3o;\u1ED4O;\u1ED5o;\u1ED6O;\u1ED7o;\u1ED8O;\u1ED9o;\u1EDAO;\u1EDBo;\u1EDCO;\u1EDDo;" +
        "\u1EDEO;\u1EDFo;\u1EE0O;\u1EE1o;\u1EE2O;\u1EE3o;\u1EE4U;\u1EE5u;\u1EE6U;\u1EE7u;\u1EE8U;\u1EE9u;" +
        "\u1EEAU;\u1EEBu;\u1EECU;\u1EEDu;\u1EEEU;\u1EEFu;\u1EF0U;\u1EF1u;\u1EF2Y;\u1EF3y;\u1EF4Y;\u1EF5y;" +
        "\u1EF6Y;\u1EF7y;\u1EF8Y;\u1EF9y;\u1F00\u03B1;\u1F01\u03B1;\u1F02\u03B1;\u1F03\u03B1;\u1F04\u03B1;" +
        "\u1F05\u03B1;\u1F06\u03B1;\u1F07\u03B1;\u1F08\u0391;\u1F09\u0391;\u1F0A\u0391;\u1F0B\u0391;" +
        "\u1F0C\u0391;\u1F0D\u0391;\u1F0E\u0391;\u1F0F\u0391;\u1F10\u03B5;\u1F11\u03B5;\u1F12\u03B5;" +
        "\u1F13\u03B5;\u1F14\u03B5;\u1F15\u03B5;\u1F18\u0395;\u1F19\u0395;\u1F1A\u0395;\u1F1B\u0395;" +
        "\u1F1C\u0395;\u1F1D\u0395;\u1F20\u03B7;\u1F21\u03B7;\u1F22\u03B7;\u1F23\u03B7;\u1F24\u03B7;" +
        "\u1F25\u03B7;\u1F26\u03B7;\u1F27\u03B7;\u1F28\u0397;\u1F29\u0397;\u1F2A\u0397;\u1F2B\u0397;" +
        "\u1F2C\u0397;\u1F2D\u0397;\u1F2E\u0397;\u1F2F\u0397;\u1F30\u03B9;\u1F31\u03B9;\u1F32\u03B9;" +
        "\u1F33\u03B9;\u1F34\u03B9;\u1F35\u03B9;\u1F36\u03B9;\u1F37\u03B9;\u1F38\u0399;\u1F39\u0399;" +
        "\u1F3A\u0399;\u1F3B\u0399;\u1F3C\u0399;\u1F3D\u0399;\u1F3E\u0399;\u1F3F\u0399;\u1F40\u03BF;" +
        "\u1F41\u03BF;\u1F42\u03BF;\u1F43\u03BF;\u1F44\u03BF;\u1F45\u03BF;\u1F48\u039F;\u1F49\u039F;" +
        "\u1F4A\u039F;\u1F4B\u039F;\u1F4C\u039F;\u1F4D\u039F;\u1F50\u03C5;\u1F51\u03C5;\u1F52\u03C5;" +
        "\u1F53\u03C5;\u1F54\u03C5;\u1F55\u03C5;\u1F56\u03C5;\u1F57\u03C5;\u1F59\u03A5;\u1F5B\u03A5;" +
        "\u1F5D\u03A5;\u1F5F\u03A5;\u1F60\u03C9;\u1F61\u03C9;\u1F62\u03C9;\u1F63\u03C9;\u1F64\u03C9;" +
        "\u1F65\u03C9;\u1F66\u03C9;\u1F67\u03C9;\u1F68\u03A9;\u1F69\u03A9;\u1F6A\u03A9;\u1F6B\u03A9;" +
        "\u1F6C\u03A9;\u1F6D\u03A9;\u1F6E\u03A9;\u1F6F\u03A9;\u1F70\u03B1;\u1F71\u03B1;\u1F72\u03B5;" +
        "\u1F73\u03B5;\u1F74\u03B7;\u1F75\u03B7;\u1F76\u03B9;\u1F77\u03B9;\u1F78\u03BF;\u1F79\u03BF;" +
        "\u1F7A\u03C5;\u1F7B\u03C5;\u1F7C\u03C9;\u1F7D\u03C9;\u1F80\u03B1;\u1F81\u03B1;\u1F82\u03B1;" +
        "\u1F83\u03B1;\u1F84\u03B1;\u1F85\u03B1;\u1F86\u03B1;\u1F87\u03B1;\u1F88\u0391;\u1F89\u0391;" +
        "\u1F8A\u0391;\u1F8B\u0391;\u1F8C\u0391;\u1F8D\u0391;\u1F8E\u0391;\u1F8F\u0391;\u1F90\u03B7;" +
        "\u1F91\u03B7;\u1F92\u03B7;\u1F93\u03B7;\u1F94\u03B7;\u1F95\u03B7;\u1F96\u03B7;\u1F97\u03B7;" +
        "\u1F98\u0397;\u1F99\u0397;\u1F9A\u0397;\u1F9B\u0397;\u1F9C\u0397;\u1F9D\u0397;\u1F9E\u0397;" +
        "\u1F9F\u0397;\u1FA0\u03C9;\u1FA1\u03C9;\u1FA2\u03C9;\u1FA3\u03C9;\u1FA4\u03C9;\u1FA5\u03C9;" +
        "\u1FA6\u03C9;\u1FA7\u03C9;\u1FA8\u03A9;\u1FA9\u03A9;\u1FAA\u03A9;\u1FAB\u03A9;\u1FAC\u03A9;" +
        "\u1FAD\u03A9;\u1FAE\u03A9;\u1FAF\u03A9;\u1FB0\u03B1;\u1FB1\u03B1;\u1FB2\u03B1;\u1FB3\u03B1;" +
        "\u1FB4\u03B1;\u1FB6\u03B1;\u1FB7\u03B1;\u1FB8\u0391;\u1FB9\u0391;\u1FBA\u0391;\u1FBB\u0391;" +
        "\u1FBC\u0391;\u1FC1\u00A8;\u1FC2\u03B7;\u1FC3\u03B7;\u1FC4\u03B7;\u1FC6\u03B7;\u1FC7\u03B7;" +
        "\u1FC8\u0395;\u1FC9\u0395;\u1FCA\u0397;\u1FCB\u0397;\u1FCC\u0397;\u1FCD\u1FBF;\u1FCE\u1FBF;" +
        "\u1FCF\u1FBF;\u1FD0\u03B9;\u1FD1\u03B9;\u1FD2\u03B9;\u1FD3\u03B9;\u1FD6\u03B9;\u1FD7\u03B9;" +
        "\u1FD8\u0399;\u1FD9\u0399;\u1FDA\u0399;\u1FDB\u0399;\u1FDD\u1FFE;\u1FDE\u1FFE;\u1FDF\u1FFE;" +
        "\u1FE0\u03C5;\u1FE1\u03C5;\u1FE2\u03C5;\u1FE3\u03C5;\u1FE4\u03C1;\u1FE5\u03C1;\u1FE6\u03C5;" +
        "\u1FE7\u03C5;\u1FE8\u03A5;\u1FE9\u03A5;\u1FEA\u03A5;\u1FEB\u03A5;\u1FEC\u03A1;\u1FED\u00A8;" +
        "\u1FEE\u00A8;\u1FF2\u03C9;\u1FF3\u03C9;\u1FF4\u03C9;\u1FF6\u03C9;\u1FF7\u03C9;\u1FF8\u039F;" +
        "\u1FF9\u039F;\u1FFA\u03A9;\u1FFB\u03A9;\u1FFC\u03A9;\u212BA;\u219A\u2190;\u219B\u2192;\u21AE\u2194;" +
        "\u21CD\u21D0;\u21CE\u21D4;\u21CF\u21D2;\u2204\u2203;\u2209\u2208;\u220C\u220B;\u2224\u2223;" +
        "\u2226\u2225;\u2241\u223C;\u2244\u2243;\u2247\u2245;\u2249\u2248;\u2260=;\u2262\u2261;\u226D\u224D;" +
        "\u226E<;\u226F>;\u2270\u2264;\u2271\u2265;\u2274\u2272;\u2275\u2273;\u2278\u2276;\u2279\u2277;" +
        "\u2280\u227A;\u2281\u227B;\u2284\u2282;\u2285\u2283;\u2288\u2286;\u2289\u2287;\u22AC\u22A2;" +
        "\u22AD\u22A8;\u22AE\u22A9;\u22AF\u22AB;\u22E0\u227C;\u22E1\u227D;\u22E2\u2291;\u22E3\u2292;" +
        "\u22EA\u22B2;\u22EB\u22B3;\u22EC\u22B4;\u22ED\u22B5;\u2ADC\u2ADD;\u304C\u304B;\u304E\u304D;" +
        "\u3050\u304F;\u3052\u3051;\u3054\u3053;\u3056\u3055;\u3058\u3057;\u305A\u3059;\u305C\u305B;" +
        "\u305E\u305D;\u3060\u305F;\u3062\u3061;\u3065\u3064;\u3067\u3066;\u3069\u3068;\u3070\u306F;" +
        "\u3071\u306F;\u3073\u3072;\u3074\u3072;\u3076\u3075;\u3077\u3075;\u3079\u3078;\u307A\u3078;" +
        "\u307C\u307B;\u307D\u307B;\u3094\u3046;\u309E\u309D;\u30AC\u30AB;\u30AE\u30AD;\u30B0\u30AF;" +
        "\u30B2\u30B1;\u30B4\u30B3;\u30B6\u30B5;\u30B8\u30B7;\u30BA\u30B9;\u30BC\u30BB;\u30BE\u30BD;" +
        "\u30C0\u30BF;\u30C2\u30C1;\u30C5\u30C4;\u30C7\u30C6;\u30C9\u30C8;\u30D0\u30CF;\u30D1\u30CF;" +
        "\u30D3\u30D2;\u30D4\u30D2;\u30D6\u30D5;\u30D7\u30D5;\u30D9\u30D8;\u30DA\u30D8;\u30DC\u30DB;" +
        "\u30DD\u30DB;\u30F4\u30A6;\u30F7\u30EF;\u30F8\u30F0;\u30F9\u30F1;\u30FA\u30F2;\u30FE\u30FD;" +
        "\uFB1D\u05D9;\uFB1F\u05F2;\uFB2A\u05E9;\uFB2B\u05E9;\uFB2C\u05E9;\uFB2D\u05E9;\uFB2E\u05D0;" +
        "\uFB2F\u05D0;\uFB30\u05D0;\uFB31\u05D1;\uFB32\u05D2;\uFB33\u05D3;\uFB34\u05D4;\uFB35\u05D5;" +
        "\uFB36\u05D6;\uFB38\u05D8;\uFB39\u05D9;\uFB3A\u05DA;\uFB3B\u05DB;\uFB3C\u05DC;\uFB3E\u05DE;" +
        "\uFB40\u05E0;\uFB41\u05E1;\uFB43\u05E3;\uFB44\u05E4;\uFB46\u05E6;\uFB47\u05E7;\uFB48\u05E8;" +
        "\uFB49\u05E9;\uFB4A\u05EA;\uFB4B\u05D5;\uFB4C\u05D1;\uFB4D\u05DB;\uFB4E\u05E4;\U0001109A\U00011099;" +
        "\U0001109C\U0001109B;\U000110AB\U000110A5;\U000114BB\U000114B9;";
}

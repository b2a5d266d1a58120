using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contrastive.Core;
using Contrastive.Core.Serialization;
using Microsoft.ML.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// BERT's WordPiece tokenizer (Devlin et al. 2019), a wrapper over <see cref="BertTokenizer"/> from
/// Microsoft.ML.Tokenizers that gives the same ids as Hugging Face's <c>BertTokenizer</c>: basic tokenization
/// (clean text, lowercase and strip accents for uncased vocabularies, split on whitespace, punctuation and CJK
/// ideographs; <see cref="BertBasicNormalizer"/>, <see cref="BertBasicPreTokenizer"/>), then the package's greedy
/// longest-match-first WordPiece with the <c>##</c> continuation prefix. Sequences are
/// <c>[CLS] tokens [SEP]</c>. Reads and writes the Hugging Face layout: <c>vocab.txt</c>,
/// <c>tokenizer_config.json</c>, <c>special_tokens_map.json</c>.
/// </summary>
public sealed class WordPieceTokenizer
{
    public const string PadToken = "[PAD]";
    public const string UnkToken = "[UNK]";
    public const string ClsToken = "[CLS]";
    public const string SepToken = "[SEP]";
    public const string MaskToken = "[MASK]";

    /// <summary>BERT's number of position embeddings, the default <c>model_max_length</c>.</summary>
    public const int DefaultModelMaxLength = 512;

    static readonly string[] SpecialTokens = [PadToken, UnkToken, ClsToken, SepToken, MaskToken];

    public const string VocabFileName = "vocab.txt";
    const string ConfigFileName = "tokenizer_config.json";
    const string SpecialTokensFileName = "special_tokens_map.json";
    const string FastTokenizerFileName = "tokenizer.json";

    readonly BertTokenizer _bert;
    readonly string[] _vocab;

    WordPieceTokenizer(BertTokenizer bert, string[] vocab, string vocabPath, bool lowercase, int modelMaxLength,
        IReadOnlyDictionary<string, int> ids)
    {
        _bert = bert;
        _vocab = vocab;
        VocabPath = vocabPath;
        Lowercase = lowercase;
        ModelMaxLength = modelMaxLength;
        PadId = ids[PadToken];
        UnkId = ids[UnkToken];
        ClsId = ids[ClsToken];
        SepId = ids[SepToken];
        MaskId = ids[MaskToken];
    }

    /// <summary>Number of lines of vocab.txt (30,522 for bert-base-uncased); token ids lie in [0, VocabSize).</summary>
    public int VocabSize => _vocab.Length;

    public int PadId { get; }
    public int UnkId { get; }
    public int ClsId { get; }
    public int SepId { get; }
    public int MaskId { get; }

    /// <summary>The special token ids: [PAD], [UNK], [CLS], [SEP], [MASK] (Hugging Face's <c>all_special_ids</c>).</summary>
    public IReadOnlyList<int> SpecialIds => [PadId, UnkId, ClsId, SepId, MaskId];

    /// <summary>True for uncased vocabularies: text is lowercased and accents (non-spacing marks) are stripped.</summary>
    public bool Lowercase { get; }

    /// <summary>Full path of the vocab.txt this tokenizer was read from.</summary>
    public string VocabPath { get; }

    /// <summary>The longest sequence the model accepts, written to tokenizer_config.json.</summary>
    public int ModelMaxLength { get; }

    /// <summary>Reads a WordPiece vocabulary (one token a line, the line number is the id).</summary>
    /// <exception cref="ContrastiveException">The file is missing, unreadable, empty or lacks a special token.</exception>
    public static WordPieceTokenizer FromVocabFile(string vocabPath, bool lowercase = true) =>
        Load(vocabPath, lowercase, DefaultModelMaxLength);

    /// <summary>
    /// Reads a Hugging Face tokenizer folder: vocab.txt, and <c>do_lower_case</c> / <c>model_max_length</c> from
    /// tokenizer_config.json when present (else the <c>lowercase</c> flag of tokenizer.json's normalizer, else
    /// lowercase, Hugging Face's default).
    /// </summary>
    public static WordPieceTokenizer FromDirectory(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (!Directory.Exists(dir))
            throw new ContrastiveException($"The tokenizer folder '{dir}' does not exist.");
        var lowercase = true;
        var modelMaxLength = DefaultModelMaxLength;
        var configPath = Path.Combine(dir, ConfigFileName);
        var fastPath = Path.Combine(dir, FastTokenizerFileName);
        if (File.Exists(configPath))
        {
            var config = ReadJsonObject(configPath);
            if (config["do_lower_case"] is JsonValue lower)
                lowercase = lower.TryGetValue<bool>(out var b)
                    ? b
                    : throw new ContrastiveException($"'{configPath}': do_lower_case must be true or false, found {lower.ToJsonString()}.");
            // Hugging Face writes 1e30 for "no limit": keep the BERT default then.
            if (config["model_max_length"] is JsonValue max && max.TryGetValue<double>(out var m) && m >= 1 && m <= int.MaxValue)
                modelMaxLength = (int)m;
        }
        else if (File.Exists(fastPath)
                 && ReadJsonObject(fastPath)["normalizer"] is JsonObject normalizer
                 && normalizer["lowercase"] is JsonValue fastLower
                 && fastLower.TryGetValue<bool>(out var fb))
        {
            lowercase = fb;
        }
        return Load(Path.Combine(dir, VocabFileName), lowercase, modelMaxLength);
    }

    static WordPieceTokenizer Load(string vocabPath, bool lowercase, int modelMaxLength)
    {
        ArgumentNullException.ThrowIfNull(vocabPath);
        var fullPath = Path.GetFullPath(vocabPath);
        TextFile.RequireFile(vocabPath, "WordPiece vocabulary");
        string[] vocab;
        try
        {
            vocab = File.ReadAllLines(fullPath, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"Cannot read the WordPiece vocabulary '{vocabPath}': {e.Message}", e);
        }
        if (vocab.Length == 0)
            throw new ContrastiveException($"The WordPiece vocabulary '{vocabPath}' is empty.");

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < vocab.Length; i++)
            ids.TryAdd(vocab[i].Trim(), i);
        foreach (var special in SpecialTokens)
            if (!ids.ContainsKey(special))
                throw new ContrastiveException($"The WordPiece vocabulary '{vocabPath}' lacks the special token {special}.");

        BertTokenizer bert;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', vocab) + "\n"));
            bert = BertTokenizer.Create(stream, new BertOptions
            {
                LowerCaseBeforeTokenization = lowercase,
                // Hugging Face's uncased BERT strips accents whenever it lowercases (strip_accents=None).
                RemoveNonSpacingMarks = lowercase,
                // Hugging Face's BasicTokenizer exactly; the package's own loses accents under invariant globalization
                // and drops symbols such as "$" and emoji (see BertBasicNormalizer, BertBasicPreTokenizer).
                Normalizer = new BertBasicNormalizer(lowercase, stripAccents: lowercase),
                PreTokenizer = new BertBasicPreTokenizer(lowercase ? SpecialTokens.Select(t => t.ToLowerInvariant()) : SpecialTokens),
                ApplyBasicTokenization = true,
                SplitOnSpecialTokens = true,
                IndividuallyTokenizeCjk = true,
                UnknownToken = UnkToken,
                PaddingToken = PadToken,
                ClassificationToken = ClsToken,
                SeparatorToken = SepToken,
                MaskingToken = MaskToken,
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new ContrastiveException($"The WordPiece vocabulary '{vocabPath}' is malformed: {e.Message}", e);
        }
        return new WordPieceTokenizer(bert, vocab, fullPath, lowercase, modelMaxLength, ids);
    }

    static JsonObject ReadJsonObject(string path)
    {
        try
        {
            return StrictJson.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new ContrastiveException($"'{path}' is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ContrastiveException($"'{path}' is not valid JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"Cannot read '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes vocab.txt, tokenizer_config.json and special_tokens_map.json in the Hugging Face layout, each through
    /// a temporary file renamed into place, so that a crash never leaves a half-written file.
    /// </summary>
    public void SaveTo(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var specials = new JsonObject
        {
            ["unk_token"] = UnkToken,
            ["sep_token"] = SepToken,
            ["pad_token"] = PadToken,
            ["cls_token"] = ClsToken,
            ["mask_token"] = MaskToken,
        };
        var config = new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = Lowercase,
            ["model_max_length"] = ModelMaxLength,
        };
        foreach (var (key, value) in specials)
            config[key] = value!.DeepClone();
        var indented = new JsonSerializerOptions { WriteIndented = true };
        try
        {
            Directory.CreateDirectory(dir);
            WriteAtomically(Path.Combine(dir, VocabFileName), string.Join('\n', _vocab) + "\n");
            WriteAtomically(Path.Combine(dir, ConfigFileName), config.ToJsonString(indented) + "\n");
            WriteAtomically(Path.Combine(dir, SpecialTokensFileName), specials.ToJsonString(indented) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"Cannot write the tokenizer to '{dir}': {e.Message}", e);
        }
    }

    static void WriteAtomically(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// <c>[CLS] wordpieces [SEP]</c>. Longer texts are truncated to <paramref name="maxLength"/> ids, dropping
    /// word pieces at the end so that [SEP] stays last (Hugging Face's <c>truncation=True</c>).
    /// </summary>
    public IReadOnlyList<int> Encode(string text, int maxLength = DefaultModelMaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var pieces = _bert.EncodeToIds(text, addSpecialTokens: false);
        var kept = Math.Min(pieces.Count, maxLength - 2);
        var ids = new int[kept + 2];
        ids[0] = ClsId;
        for (var i = 0; i < kept; i++)
            ids[i + 1] = pieces[i];
        ids[kept + 1] = SepId;
        return ids;
    }

    /// <summary>
    /// Encodes each text (<see cref="Encode"/>) and pads with [PAD] to the longest sequence of the batch
    /// (dynamic padding), so T &lt;= <paramref name="maxLength"/>. Returns int64 input_ids, attention_mask and
    /// token_type_ids (zeros), each (B, T).
    /// </summary>
    public TokenizedBatch EncodeBatch(IReadOnlyList<string> texts, int maxLength = 32)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
            throw new ArgumentException("Cannot encode an empty batch.", nameof(texts));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);

        var encoded = new IReadOnlyList<int>[texts.Count];
        for (var b = 0; b < texts.Count; b++)
            encoded[b] = Encode(texts[b], maxLength);
        return TokenizedBatch.From(PaddedTokens.Pad(encoded, PadId));
    }

    /// <summary>
    /// Text of the ids as Hugging Face's <c>decode</c> gives it: word pieces joined by spaces, <c>##</c> continuations
    /// glued to the previous piece, then <c>clean_up_tokenization</c> (" ." -> ".", " 's" -> "'s", ...). Special
    /// tokens ([CLS], [SEP], [PAD], [UNK], [MASK]) are left out unless <paramref name="skipSpecialTokens"/> is false.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (var id in ids)
        {
            if (id < 0 || id >= VocabSize)
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Token id {id} is outside the vocabulary [0, {VocabSize}).");
            if (skipSpecialTokens && (id == PadId || id == UnkId || id == ClsId || id == SepId || id == MaskId))
                continue;
            var piece = _vocab[id];
            if (piece.StartsWith("##", StringComparison.Ordinal) && text.Length > 0)
                text.Append(piece, 2, piece.Length - 2);
            else
                text.Append(text.Length > 0 ? " " : "").Append(piece);
        }
        return text
            .Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
            .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" 's", "'s").Replace(" 've", "'ve").Replace(" 're", "'re")
            .ToString();
    }
}

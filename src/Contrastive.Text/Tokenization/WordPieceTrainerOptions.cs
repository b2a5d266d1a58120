using Contrastive.Core;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// Settings of <see cref="WordPieceTrainer"/>, with the defaults of BERT-base uncased (Devlin et al.,
/// arXiv:1810.04805: a 30,522-entry vocabulary whose first entries are [PAD], [UNK], [CLS], [SEP], [MASK]) and of
/// Hugging Face's <c>BertWordPieceTokenizer.train</c> (min_frequency 2, prefix "##").
/// </summary>
public sealed record WordPieceTrainerOptions
{
    /// <summary>The BERT special tokens, at ids 0..4 in this order.</summary>
    public static IReadOnlyList<string> BertSpecialTokens { get; } = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    /// <summary>Largest number of entries in the vocabulary, special tokens included (BERT-base: 30,522).</summary>
    public int VocabSize { get; }

    /// <summary>A pair of symbols is merged only while it occurs at least this often in the corpus.</summary>
    public int MinFrequency { get; }

    /// <summary>
    /// Uncased BERT: lower-case and strip accents (NFD, drop non-spacing marks) before counting words, as
    /// <see cref="WordPieceTokenizer.FromVocabFile"/> does with <c>lowercase: true</c>.
    /// </summary>
    public bool Lowercase { get; }

    /// <summary>Special tokens, given ids 0, 1, … in this order and never split or merged.</summary>
    public IReadOnlyList<string> SpecialTokens { get; }

    /// <summary>Prefix of the pieces that continue a word ("##" in BERT: <c>play ##ing</c>).</summary>
    public string ContinuingSubwordPrefix { get; }

    /// <summary>
    /// When set, only this many distinct characters (the most frequent ones) make up the alphabet; words with any
    /// other character are left out of training and encode as [UNK]. Null keeps every character seen.
    /// </summary>
    public int? LimitAlphabet { get; }

    /// <summary>The settings as given; <see cref="Validate"/> checks them (the trainer does).</summary>
    /// <param name="vocabSize">Largest vocabulary size, special tokens included; more than the special tokens.</param>
    /// <param name="minFrequency">Smallest count of a pair to merge; at least 1.</param>
    /// <param name="lowercase">Lower-case and strip accents.</param>
    /// <param name="specialTokens">Special tokens (default <see cref="BertSpecialTokens"/>): distinct, non-empty, no whitespace.</param>
    /// <param name="continuingSubwordPrefix">Non-empty and made only of punctuation characters (see remarks).</param>
    /// <param name="limitAlphabet">Null, or a positive number of characters.</param>
    /// <remarks>
    /// The prefix must be punctuation because the pre-tokenizer (<see cref="BertBasicPreTokenizer"/>) makes every
    /// punctuation character a word of its own: then no piece that starts a word can also read as a continuation piece.
    /// </remarks>
    public WordPieceTrainerOptions(int vocabSize = DefaultVocabSize, int minFrequency = DefaultMinFrequency, bool lowercase = true,
        IReadOnlyList<string>? specialTokens = null, string continuingSubwordPrefix = DefaultContinuingSubwordPrefix, int? limitAlphabet = null)
    {
        VocabSize = vocabSize;
        MinFrequency = minFrequency;
        Lowercase = lowercase;
        SpecialTokens = (specialTokens ?? BertSpecialTokens).ToArray();
        ContinuingSubwordPrefix = continuingSubwordPrefix;
        LimitAlphabet = limitAlphabet;
    }

    /// <summary>BERT-base uncased's 30,522 entries (Devlin et al. 2019).</summary>
    public const int DefaultVocabSize = 30522;

    /// <summary>Hugging Face <c>BertWordPieceTokenizer.train</c>'s <c>min_frequency</c>.</summary>
    public const int DefaultMinFrequency = 2;

    /// <summary>BERT's continuation prefix ("play ##ing").</summary>
    public const string DefaultContinuingSubwordPrefix = "##";

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public WordPieceTrainerOptions Validate()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in SpecialTokens)
        {
            if (string.IsNullOrEmpty(token) || token.Any(char.IsWhiteSpace))
                throw new ContrastiveException($"Special token '{token}' must be non-empty and contain no whitespace.");
            if (!seen.Add(token))
                throw new ContrastiveException($"Special token '{token}' is listed twice.");
        }
        if (VocabSize <= SpecialTokens.Count)
            throw new ContrastiveException($"VocabSize must exceed the {SpecialTokens.Count} special tokens, but it is {VocabSize}.");
        if (MinFrequency < 1)
            throw new ContrastiveException($"MinFrequency must be at least 1, but it is {MinFrequency}.");
        if (string.IsNullOrEmpty(ContinuingSubwordPrefix) ||
            !ContinuingSubwordPrefix.EnumerateRunes().All(BertBasicPreTokenizer.IsPunctuation))
            throw new ContrastiveException(
                $"ContinuingSubwordPrefix must be one or more punctuation characters, but it is '{ContinuingSubwordPrefix}'.");
        if (LimitAlphabet is < 1)
            throw new ContrastiveException($"LimitAlphabet must be null or positive, but it is {LimitAlphabet}.");
        return this;
    }

    /// <summary>Value equality, comparing <see cref="SpecialTokens"/> element by element.</summary>
    public bool Equals(WordPieceTrainerOptions? other) =>
        other is not null && VocabSize == other.VocabSize && MinFrequency == other.MinFrequency &&
        Lowercase == other.Lowercase && SpecialTokens.SequenceEqual(other.SpecialTokens, StringComparer.Ordinal) &&
        ContinuingSubwordPrefix == other.ContinuingSubwordPrefix && LimitAlphabet == other.LimitAlphabet;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(VocabSize);
        hash.Add(MinFrequency);
        hash.Add(Lowercase);
        foreach (var t in SpecialTokens) hash.Add(t, StringComparer.Ordinal);
        hash.Add(ContinuingSubwordPrefix);
        hash.Add(LimitAlphabet);
        return hash.ToHashCode();
    }
}

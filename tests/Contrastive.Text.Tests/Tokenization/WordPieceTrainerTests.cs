using System.Diagnostics;
using System.Text;
using Contrastive.Core;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public class WordPieceTrainerTests
{
    static readonly string[] Specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
    static readonly string[] Frequent = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "and", "cat", "sat", "on", "mat"];
    static readonly string[] Rare = ["zygomorphic", "quixotry", "phlebotomy", "wavefront", "kinematics"];

    /// <summary>400 sentences of the frequent words (seeded), a few with capitals and punctuation, then each rare word once.</summary>
    static List<string> Corpus()
    {
        var rng = new Random(1234);
        var lines = new List<string>();
        for (int i = 0; i < 400; i++)
        {
            var words = Enumerable.Range(0, 6 + rng.Next(6)).Select(_ => Frequent[rng.Next(Frequent.Length)]).ToArray();
            if (i % 5 == 0) words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
            lines.Add(string.Join(' ', words) + (i % 3 == 0 ? "." : ", " + Frequent[rng.Next(Frequent.Length)] + "!"));
        }
        lines.Add("a " + string.Join(" b ", Rare) + " c");
        return lines;
    }

    /// <summary>Trains, writes vocab.txt and loads it with our tokenizer, as a user of the vocabulary would.</summary>
    static WordPieceTokenizer TrainAndLoad(TempDir dir, IEnumerable<string> lines, WordPieceTrainerOptions options, out IReadOnlyList<string> vocab)
    {
        vocab = WordPieceTrainer.Train(lines, options);
        var path = dir.File("vocab.txt");
        WordPieceTrainer.WriteVocab(path, vocab);
        return WordPieceTokenizer.FromVocabFile(path, options.Lowercase);
    }

    /// <summary>The ids of the word pieces of <paramref name="text"/>, without [CLS] and [SEP].</summary>
    static int[] PieceIds(WordPieceTokenizer tokenizer, string text)
    {
        var ids = tokenizer.Encode(text, maxLength: 100_000);
        Assert.Equal(tokenizer.ClsId, ids[0]);
        Assert.Equal(tokenizer.SepId, ids[^1]);
        return ids.Skip(1).SkipLast(1).ToArray();
    }

    static string[] Pieces(WordPieceTokenizer tokenizer, IReadOnlyList<string> vocab, string text) =>
        PieceIds(tokenizer, text).Select(id => vocab[id]).ToArray();

    static int Id(IReadOnlyList<string> vocab, string token) => vocab.ToList().IndexOf(token);

    static IEnumerable<string> Repeat(params (string Word, int Count)[] words) =>
        words.SelectMany(w => Enumerable.Repeat(w.Word, w.Count));

    [Fact]
    public void Train_FrequentWords_AreSingleTokensAndRoundTrip()
    {
        using var dir = new TempDir();
        var tokenizer = TrainAndLoad(dir, Corpus(), new WordPieceTrainerOptions(vocabSize: 150), out var vocab);

        foreach (var word in Frequent) Assert.Contains(word, vocab);
        const string text = "The quick brown fox jumps over the lazy dog, and the cat sat on the mat.";
        var ids = PieceIds(tokenizer, text);
        Assert.Equal(["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog", ",", "and", "the", "cat", "sat",
            "on", "the", "mat", "."], ids.Select(id => vocab[id]));
        Assert.DoesNotContain(tokenizer.UnkId, ids);
        Assert.Equal(text.ToLowerInvariant(), tokenizer.Decode(ids));
    }

    [Fact]
    public void Train_RareWord_SplitsIntoContinuationPieces()
    {
        using var dir = new TempDir();
        var tokenizer = TrainAndLoad(dir, Corpus(), new WordPieceTrainerOptions(vocabSize: 150), out var vocab);

        foreach (var word in Rare)
        {
            Assert.DoesNotContain(word, vocab);
            var tokens = Pieces(tokenizer, vocab, word);
            Assert.True(tokens.Length > 1, $"{word} should split, got [{string.Join(' ', tokens)}]");
            Assert.False(tokens[0].StartsWith("##"));
            Assert.All(tokens[1..], t => Assert.StartsWith("##", t));
            Assert.Equal(word, tokens[0] + string.Concat(tokens[1..].Select(t => t[2..])));
        }
    }

    [Fact]
    public void Train_SpecialTokens_AtIdsZeroToFourAndRecognised()
    {
        using var dir = new TempDir();
        var tokenizer = TrainAndLoad(dir, Corpus(), new WordPieceTrainerOptions(vocabSize: 150), out var vocab);

        Assert.Equal(Specials, vocab.Take(5));
        Assert.Equal((0, 1, 2, 3, 4), (tokenizer.PadId, tokenizer.UnkId, tokenizer.ClsId, tokenizer.SepId, tokenizer.MaskId));
        // 'ж' never occurs in the corpus: its word is [UNK].
        var ids = PieceIds(tokenizer, "[CLS] the [MASK] sat [SEP] жук [PAD]");
        Assert.Equal([2, Id(vocab, "the"), 4, Id(vocab, "sat"), 3, 1, 0], ids);
        Assert.Equal([2, Id(vocab, "cat"), 3], tokenizer.Encode("cat"));
    }

    [Fact]
    public void Train_AccentedUppercaseWords_StoredLowercaseWithoutAccents()
    {
        using var dir = new TempDir();
        var lines = Enumerable.Repeat("Café CRÈME naïve Ångström", 20);
        var tokenizer = TrainAndLoad(dir, lines, new WordPieceTrainerOptions(vocabSize: 100), out var vocab);

        Assert.Contains("cafe", vocab);
        Assert.Contains("creme", vocab);
        Assert.Contains("angstrom", vocab);
        Assert.All(vocab.Skip(5), t => Assert.True(t == t.ToLowerInvariant() && t.All(c => c < 128), t));
        Assert.Equal([Id(vocab, "cafe"), Id(vocab, "naive")], PieceIds(tokenizer, "CAFÉ naive"));
    }

    [Fact]
    public void Train_Cased_KeepsCaseAndAccents()
    {
        using var dir = new TempDir();
        var lines = Enumerable.Repeat("Café Café", 10);
        var tokenizer = TrainAndLoad(dir, lines, new WordPieceTrainerOptions(vocabSize: 100, lowercase: false), out var vocab);

        Assert.Contains("Café", vocab);
        Assert.Equal([Id(vocab, "Café")], PieceIds(tokenizer, "Café"));
        Assert.Equal(Id(vocab, "[UNK]"), Assert.Single(PieceIds(tokenizer, "café")));
    }

    [Fact]
    public void Train_HandComputedCorpus_MergesInBpeOrderWithPairTieBreak()
    {
        // Pairs: (##u,##g)=20, (p,##u)=17, (##u,##n)=16, (h,##u)=15, (##g,##s)=5, (b,##u)=4. After ##ug, ##un, hug, pun
        // both (p,##ug) and (hug,##s) count 5: the smaller id pair (p=9, ##ug=19) goes first.
        var lines = Repeat(("hug", 10), ("pug", 5), ("pun", 12), ("bun", 4), ("hugs", 5));
        var vocab = WordPieceTrainer.Train(lines, new WordPieceTrainerOptions(vocabSize: 1000));

        string[] alphabet = ["b", "g", "h", "n", "p", "s", "u"];
        string[] expected = [.. Specials, .. alphabet, .. alphabet.Select(c => "##" + c), "##ug", "##un", "hug", "pun", "pug", "hugs", "bun"];
        Assert.Equal(expected, vocab);
    }

    [Fact]
    public void Train_MinFrequency_StopsBeforeRarePairs()
    {
        var lines = Repeat(("ab", 3), ("cd", 1));
        var vocab = WordPieceTrainer.Train(lines, new WordPieceTrainerOptions(vocabSize: 1000, minFrequency: 2));

        Assert.Equal([.. Specials, "a", "b", "c", "d", "##a", "##b", "##c", "##d", "ab"], vocab);
    }

    [Fact]
    public void Train_RepeatedCharacters_MergesOverlappingRunsLeftToRight()
    {
        // "aaaa" = a ##a ##a ##a: (##a,##a) counts 2 per word but merges once per non-overlapping run.
        var lines = Repeat(("aaaa", 4));
        var vocab = WordPieceTrainer.Train(lines, new WordPieceTrainerOptions(vocabSize: 1000));

        // (a,##a)=4 < (##a,##a)=8: ##aa, giving a ##aa ##a. Then (a,##aa)=4 and (##aa,##a)=4 tie and the smaller id
        // pair (a=5, ##aa=7) goes first: aaa, giving aaa ##a; then aaaa.
        Assert.Equal([.. Specials, "a", "##a", "##aa", "aaa", "aaaa"], vocab);
    }

    [Fact]
    public void Train_RandomCorpus_MatchesNaiveRecountReference()
    {
        // Few letters and many repeats: lots of tied counts, overlapping runs ("aaaa") and tokens reached by two merges.
        var rng = new Random(7);
        var vocabulary = Enumerable.Range(0, 300)
            .Select(_ => new string(Enumerable.Range(0, 1 + rng.Next(8)).Select(_ => "aabcd"[rng.Next(5)]).ToArray()))
            .ToArray();
        var lines = Enumerable.Range(0, 400)
            .Select(_ => string.Join(' ', Enumerable.Range(0, 8).Select(_ => vocabulary[(int)(300 * Math.Pow(rng.NextDouble(), 3))])))
            .ToList();

        foreach (var minFrequency in new[] { 1, 3 })
        {
            var expected = NaiveBpe(lines, vocabSize: 250, minFrequency);
            Assert.Equal(expected, WordPieceTrainer.Train(lines, new WordPieceTrainerOptions(vocabSize: 250, minFrequency)));
        }
    }

    /// <summary>
    /// Reference trainer for space-separated lower-case ASCII words: recounts every pair before each merge and picks
    /// the largest count, then the smallest (id a, id b).
    /// </summary>
    static List<string> NaiveBpe(IEnumerable<string> lines, int vocabSize, int minFrequency)
    {
        var wordCounts = lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(w => w).Select(g => (Word: g.Key, Count: g.LongCount())).ToList();
        var alphabet = wordCounts.SelectMany(w => w.Word).Distinct().Order().Select(c => c.ToString()).ToList();
        var vocab = Specials.Concat(alphabet).Concat(alphabet.Select(c => "##" + c)).ToList();
        var ids = vocab.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        var words = wordCounts.Select(w => w.Word.Select((c, i) => i == 0 ? c.ToString() : "##" + c).ToList()).ToList();
        while (vocab.Count < vocabSize)
        {
            var pairs = new Dictionary<(int A, int B), long>();
            for (int w = 0; w < words.Count; w++)
                for (int i = 0; i + 1 < words[w].Count; i++)
                {
                    var key = (ids[words[w][i]], ids[words[w][i + 1]]);
                    pairs[key] = pairs.GetValueOrDefault(key) + wordCounts[w].Count;
                }
            if (pairs.Count == 0) break;
            var best = pairs.OrderByDescending(p => p.Value).ThenBy(p => p.Key.A).ThenBy(p => p.Key.B).First();
            if (best.Value < minFrequency) break;
            string a = vocab[best.Key.A], b = vocab[best.Key.B], merged = a + b[2..];
            if (ids.TryAdd(merged, vocab.Count)) vocab.Add(merged);
            foreach (var symbols in words)
                for (int i = 0; i + 1 < symbols.Count; i++)
                    if (symbols[i] == a && symbols[i + 1] == b)
                    {
                        symbols[i] = merged;
                        symbols.RemoveAt(i + 1);
                    }
        }
        return vocab;
    }

    [Fact]
    public void Train_VocabSize_ReachedExactlyWithoutDuplicates()
    {
        var vocab = WordPieceTrainer.Train(Corpus(), new WordPieceTrainerOptions(vocabSize: 120, minFrequency: 1));

        Assert.Equal(120, vocab.Count);
        Assert.Equal(vocab.Count, vocab.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Train_SameInput_GivesSameVocabulary()
    {
        var options = new WordPieceTrainerOptions(vocabSize: 130);
        Assert.Equal(WordPieceTrainer.Train(Corpus(), options), WordPieceTrainer.Train(Corpus(), options));
    }

    [Fact]
    public void Train_LimitAlphabet_KeepsMostFrequentCharactersAndSkipsOtherWords()
    {
        var lines = Repeat(("aaa", 3), ("bbb", 2), ("abc", 5));
        var vocab = WordPieceTrainer.Train(lines, new WordPieceTrainerOptions(vocabSize: 1000, limitAlphabet: 2));

        // a: 14, b: 11, c: 5 → c dropped, and "abc" with it (no "ab" merge from it). Then (a,##a)=(##a,##a)=3 tie: aa,
        // then (aa,##a)=3: aaa; then the same for b at 2.
        Assert.Equal([.. Specials, "a", "b", "##a", "##b", "aa", "aaa", "bb", "bbb"], vocab);
    }

    [Fact]
    public void Train_AlphabetLargerThanVocabSize_ThrowsNamingTheCounts()
    {
        var ex = Assert.Throws<ContrastiveException>(() =>
            WordPieceTrainer.Train(["abcdefghij"], new WordPieceTrainerOptions(vocabSize: 20)));
        Assert.Contains("10 distinct characters", ex.Message);
        Assert.Contains("25", ex.Message);
    }

    [Fact]
    public void Train_NoWords_Throws()
    {
        Assert.Throws<ContrastiveException>(() => WordPieceTrainer.Train(["", "  \t", "\u200B"], new WordPieceTrainerOptions()));
    }

    [Fact]
    public void Train_Progress_RisesMonotonicallyToOne()
    {
        var reports = new List<double>();
        WordPieceTrainer.Train(Corpus(), new WordPieceTrainerOptions(vocabSize: 120, minFrequency: 1), new SyncProgress(reports.Add));

        Assert.True(reports.Count > 10);
        Assert.Equal(0, reports[0]);
        Assert.Equal(1, reports[^1]);
        for (int i = 1; i < reports.Count; i++) Assert.True(reports[i] >= reports[i - 1]);
    }

    [Fact]
    public void WriteVocab_Tokens_OneLinePerIdWithoutBom()
    {
        using var dir = new TempDir();
        var path = dir.File("sub/vocab.txt");
        WordPieceTrainer.WriteVocab(path, ["[PAD]", "é", "##x"]);

        Assert.Equal("[PAD]\né\n##x\n"u8.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteVocab_DuplicateOrLineBreak_ThrowsAndWritesNothing()
    {
        using var dir = new TempDir();
        var path = dir.File("vocab.txt");
        Assert.Throws<ArgumentException>(() => WordPieceTrainer.WriteVocab(path, ["a", "b", "a"]));
        Assert.Throws<ArgumentException>(() => WordPieceTrainer.WriteVocab(path, ["a", "b\nc"]));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Train_SpecialTokensInText_AreNotCountedAsWords()
    {
        // As the tokenizer cuts "[MASK]" ("[mask]" once lowercased) out whole, the trainer must not learn "[", "m", "k"
        // from it; a special token that does not start with '[' is found too.
        string[] specials = [.. Specials, "<s>"];
        foreach (var lowercase in new[] { true, false })
        {
            var lines = Enumerable.Repeat("<s>the [MASK] sat[SEP]", 20);
            var vocab = WordPieceTrainer.Train(lines, new WordPieceTrainerOptions(vocabSize: 100, lowercase: lowercase, specialTokens: specials));

            Assert.Equal(["a", "e", "h", "s", "t"], vocab.Skip(specials.Length).Take(5));
            Assert.DoesNotContain(vocab.Skip(specials.Length), t => t.IndexOfAny(['[', ']', '<', '>', 'm', 'M', 'k', 'K']) >= 0);
            Assert.Contains("the", vocab);
            Assert.Contains("sat", vocab);
        }
    }

    /// <summary>
    /// Words that BERT's normalisation changes in every way: accents precomposed and combining, Turkish İ, Hangul
    /// (NFD gives jamo), CJK ideographs, kana with a voicing mark, Greek, Cyrillic, a Hebrew presentation form, a
    /// ligature, symbols and emoji, soft hyphen and zero-width space (dropped), punctuation, a special token.
    /// </summary>
    static readonly string[] ManyScripts =
    [
        "Café", "Cafe\u0301", "İstanbul", "naïve", "한국어", "日本語", "ひらがな", "Αθήνα", "Йошкар", "Việt", "\uFB49alom",
        "straße", "ǅemal", "ﬁne", "€5", "½", "😀ok", "x²", "e-mail", "(it's)", "Ångström", "co\u00ADop", "zero\u200Bwidth", "[MASK]",
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Train_HeldOutTextOfFrequentWordsInManyScripts_EncodesWithoutUnknown(bool lowercase)
    {
        var rng = new Random(99);
        string Sentence(string separator) =>
            string.Join(separator, Enumerable.Range(0, 8).Select(_ => ManyScripts[rng.Next(ManyScripts.Length)]));
        var train = Enumerable.Range(0, 300).Select(_ => Sentence(" ")).ToList();
        // New sentences of the same (frequent) words with other whitespace; uncased, also in capitals.
        var heldOut = Enumerable.Range(0, 100).Select(i => Sentence(i % 2 == 0 ? "\t" : "\u00A0")).ToList();
        if (lowercase) heldOut.AddRange(heldOut.Select(t => t.ToUpperInvariant()).ToList());

        using var dir = new TempDir();
        var tokenizer = TrainAndLoad(dir, train, new WordPieceTrainerOptions(vocabSize: 400, lowercase: lowercase), out var vocab);

        foreach (var text in heldOut)
            Assert.DoesNotContain(tokenizer.UnkId, PieceIds(tokenizer, text));
        Assert.Equal([tokenizer.MaskId], PieceIds(tokenizer, "[MASK]"));
        Assert.Equal([Id(vocab, "[UNK]")], PieceIds(tokenizer, "жук"));   // 'ж' and 'у' never occur: the check can fail
    }

    [SkippableFact]
    public void Train_WordNetGlosses_8000TokensFastAndHeldOutUnknownsOnlyFromUnseenCharacters()
    {
        var lines = File.ReadAllLines(SharedData.Require("text/wordnet_glosses.txt"));
        var train = lines.Where((_, i) => i % 10 != 0);
        var heldOut = lines.Where((_, i) => i % 10 == 0).ToArray();

        var clock = Stopwatch.StartNew();
        var vocab = WordPieceTrainer.Train(train, new WordPieceTrainerOptions(vocabSize: 8000));
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"training took {clock.Elapsed}");
        Assert.Equal(8000, vocab.Count);

        using var dir = new TempDir();
        var path = dir.File("vocab.txt");
        WordPieceTrainer.WriteVocab(path, vocab);
        var tokenizer = WordPieceTokenizer.FromVocabFile(path);

        // Every character of the training text is in the vocabulary with its "##" form, so a held-out word is [UNK]
        // exactly when it has a character never seen in training (or is over WordPiece's 100-character limit).
        var alphabet = vocab.Skip(Specials.Length).Where(t => t.EnumerateRunes().Count() == 1)
            .Select(t => Rune.GetRuneAt(t, 0).Value).ToHashSet();
        var normalizer = new BertBasicNormalizer(lowercase: true, stripAccents: true);
        var preTokenizer = new BertBasicPreTokenizer(Specials.Select(t => t.ToLowerInvariant()));
        long total = 0, unknown = 0, unseen = 0;
        foreach (var line in heldOut)
        {
            var ids = PieceIds(tokenizer, line);
            total += ids.Length;
            unknown += ids.Count(id => id == tokenizer.UnkId);
            var text = normalizer.Normalize(line);
            foreach (var (offset, length) in preTokenizer.PreTokenize(text))
            {
                var word = text.Substring(offset, length);
                if (!preTokenizer.IsSpecialToken(word) && (length > 100 || word.EnumerateRunes().Any(r => !alphabet.Contains(r.Value))))
                    unseen++;
            }
        }
        Assert.True(total > 50_000, $"only {total} held-out tokens");
        Assert.Equal(unseen, unknown);
        Assert.True(unknown < total / 1000, $"{unknown} of {total} held-out tokens are [UNK]");
    }

    /// <summary>Records reports on the calling thread (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
    sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

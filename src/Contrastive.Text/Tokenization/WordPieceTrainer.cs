using System.Runtime.InteropServices;
using System.Text;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// Learns a WordPiece vocabulary (the <c>vocab.txt</c> of BERT, arXiv:1810.04805) from raw text the way Hugging Face
/// tokenizers' <c>WordPieceTrainer</c> does: that trainer is byte-pair encoding (Sennrich et al., arXiv:1508.07909)
/// over characters in which every character after the first of a word carries the continuation prefix "##".
/// <list type="number">
/// <item>Split each line into words exactly as <see cref="WordPieceTokenizer"/> does (Hugging Face's BERT
/// <c>BasicTokenizer</c>): <see cref="BertBasicNormalizer"/> cleans control characters, spaces out CJK ideographs and,
/// when <see cref="WordPieceTrainerOptions.Lowercase"/>, lowercases and strips accents (<see cref="AccentStripper"/>);
/// <see cref="BertBasicPreTokenizer"/> splits on whitespace and punctuation and cuts out the special tokens, which are
/// not counted (they are in the vocabulary already and never split). Count the distinct words. Because the tokenizer
/// uses the same two classes, a word encodes as [UNK] only when it holds a character outside the alphabet below (or
/// exceeds WordPiece's 100-character limit).</item>
/// <item>Vocabulary = special tokens (ids 0, 1, …), then the alphabet: every character seen (or the
/// <see cref="WordPieceTrainerOptions.LimitAlphabet"/> most frequent), sorted by code point, then the "##" form of each
/// of them in the same order, so that any word made of known characters encodes without [UNK].</item>
/// <item>Each word is a sequence of symbols <c>w₀ ##w₁ … ##wₙ</c>. Repeat: take the adjacent pair (a, b) with the
/// largest count c(a, b) = Σ_words count(word) · occurrences(a, b, word) (ties: smallest (id a, id b)); stop when
/// c &lt; MinFrequency, when no pair is left, or when the vocabulary holds VocabSize entries; otherwise add the token
/// a + b without b's prefix (<c>t</c> + <c>##he</c> → <c>the</c>, <c>##i</c> + <c>##ng</c> → <c>##ing</c>) and
/// replace every (a, b) in every word, left to right.</item>
/// </list>
/// Pair counts are kept in a table updated incrementally: a merge only touches the words that contain the pair and
/// only the pairs next to it; a lazy max-heap of (count, pair) finds the next merge, so training costs about the
/// number of symbol changes rather than (merges × corpus).
/// Differences from Hugging Face: the "##" form of every alphabet character is included (Hugging Face adds only
/// those seen inside a word), words with characters outside a limited alphabet are left out (Hugging Face
/// silently drops those characters and learns merges across the gap), and special tokens written in the text are
/// skipped (Hugging Face's trainer reads "[MASK]" as "[", "mask", "]"). The output is deterministic.
/// </summary>
public static class WordPieceTrainer
{
    /// <summary>
    /// Trains a vocabulary on <paramref name="lines"/> (any split of the corpus; words never span lines).
    /// Returns the tokens in id order: specials, alphabet, "##" alphabet, merges in the order learned.
    /// </summary>
    /// <param name="progress">Receives the fraction of merges done, in [0, 1], ending with 1.</param>
    /// <exception cref="ContrastiveException">The corpus has no words, or its alphabet alone overflows VocabSize.</exception>
    public static IReadOnlyList<string> Train(IEnumerable<string> lines, WordPieceTrainerOptions options,
        IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        progress?.Report(0);

        var (words, wordCounts) = CountWords(lines, options);
        if (words.Count == 0)
            throw new ContrastiveException("The training text contains no words, so no WordPiece vocabulary can be learned.");

        var tokens = new List<string>(options.VocabSize);
        var tokenIds = new Dictionary<string, int>(options.VocabSize, StringComparer.Ordinal);
        int AddToken(string token)
        {
            if (tokenIds.TryGetValue(token, out int id)) return id;
            tokenIds.Add(token, tokens.Count);
            tokens.Add(token);
            return tokens.Count - 1;
        }

        foreach (var special in options.SpecialTokens) AddToken(special);

        var alphabet = Alphabet(words, wordCounts, options.LimitAlphabet);
        int needed = tokens.Count + 2 * alphabet.Length;
        if (needed > options.VocabSize)
            throw new ContrastiveException(
                $"The training text has {alphabet.Length} distinct characters, so the vocabulary needs at least {needed} " +
                $"entries (special tokens, characters and their '{options.ContinuingSubwordPrefix}' forms), but VocabSize " +
                $"is {options.VocabSize}; raise VocabSize or set LimitAlphabet.");
        var initialId = new Dictionary<int, int>(alphabet.Length);      // code point → id of "c"
        var continuationId = new Dictionary<int, int>(alphabet.Length); // code point → id of "##c"
        foreach (var cp in alphabet) initialId[cp] = AddToken(char.ConvertFromUtf32(cp));
        foreach (var cp in alphabet) continuationId[cp] = AddToken(options.ContinuingSubwordPrefix + char.ConvertFromUtf32(cp));

        var merger = new PairMerger(words, wordCounts, initialId, continuationId);
        int start = tokens.Count;
        int span = Math.Max(1, options.VocabSize - start);
        int reported = 0; // in hundredths
        while (tokens.Count < options.VocabSize && merger.TryPopBest(options.MinFrequency, out int a, out int b))
        {
            var right = tokens[b];
            var merged = tokens[a] + right[options.ContinuingSubwordPrefix.Length..];
            merger.Merge(a, b, AddToken(merged));
            int done = (int)(100L * (tokens.Count - start) / span);
            if (progress != null && done > reported)
            {
                reported = done;
                progress.Report(Math.Min(1.0, done / 100.0));
            }
        }
        progress?.Report(1);
        return tokens.ToArray();
    }

    /// <summary>Writes one token per line (UTF-8, "\n"), line i holding id i: the BERT <c>vocab.txt</c> format.</summary>
    /// <exception cref="ArgumentException">A token is empty, holds a line break or repeats an earlier one.</exception>
    public static void WriteVocab(string path, IReadOnlyList<string> vocab)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(vocab);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        for (int i = 0; i < vocab.Count; i++)
        {
            var token = vocab[i];
            if (string.IsNullOrEmpty(token) || token.AsSpan().ContainsAny('\n', '\r'))
                throw new ArgumentException($"Vocabulary entry {i} is empty or contains a line break.", nameof(vocab));
            if (!seen.Add(token))
                throw new ArgumentException($"Vocabulary entry {i} ('{token}') repeats an earlier entry.", nameof(vocab));
            sb.Append(token).Append('\n');
        }
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>
    /// The distinct words of the corpus in order of first appearance, with their counts, split as
    /// <see cref="WordPieceTokenizer"/> splits text (uncased: Hugging Face's <c>strip_accents=None</c> follows
    /// lowercasing). Special tokens are matched in normalized text, so they are normalized the same way first
    /// ("[MASK]" is found as "[mask]" in uncased text), and left out of the counts.
    /// </summary>
    static (List<string> Words, List<long> Counts) CountWords(IEnumerable<string> lines, WordPieceTrainerOptions options)
    {
        var normalizer = new BertBasicNormalizer(options.Lowercase, stripAccents: options.Lowercase);
        var preTokenizer = new BertBasicPreTokenizer(options.SpecialTokens.Select(normalizer.Normalize));
        var words = new List<string>();
        var counts = new List<long>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        var ranges = new List<(int Offset, int Length)>();
        foreach (var line in lines)
        {
            if (line is null) continue;
            var text = normalizer.Normalize(line);
            ranges.Clear();
            preTokenizer.Split(text, ranges);
            foreach (var (offset, length) in ranges)
            {
                var word = text.AsSpan(offset, length);
                if (preTokenizer.IsSpecialToken(word)) continue;
                if (lookup.TryGetValue(word, out int i))
                {
                    counts[i]++;
                    continue;
                }
                var s = word.ToString();
                index.Add(s, words.Count);
                words.Add(s);
                counts.Add(1);
            }
        }
        return (words, counts);
    }

    /// <summary>
    /// Hugging Face's <c>compute_alphabet</c>: the code points of the corpus, each counted once per word occurrence of
    /// every character; when limited, the most frequent (ties: smaller code point) are kept. Sorted by code point.
    /// </summary>
    static int[] Alphabet(List<string> words, List<long> counts, int? limit)
    {
        var frequency = new Dictionary<int, long>();
        for (int w = 0; w < words.Count; w++)
            foreach (var rune in words[w].EnumerateRunes())
                CollectionsMarshal.GetValueRefOrAddDefault(frequency, rune.Value, out _) += counts[w];
        IEnumerable<KeyValuePair<int, long>> kept = frequency;
        if (limit is int n && frequency.Count > n)
            kept = frequency.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(n);
        return kept.Select(kv => kv.Key).Order().ToArray();
    }

    /// <summary>
    /// The words as symbol-id sequences with the counts of adjacent pairs, merged pair by pair.
    /// Pair (a, b) is keyed as a·2³² + b, so that key order is (a, b) order.
    /// </summary>
    sealed class PairMerger
    {
        readonly int[][] _symbols; // word → symbol ids; only the first _length[w] are live
        readonly int[] _length;
        readonly long[] _count;    // word → occurrences in the corpus
        readonly Dictionary<long, long> _pairCount = new();
        readonly Dictionary<long, List<int>> _pairWords = new(); // pair → words that may contain it (superset)
        readonly PriorityQueue<long, (long Count, long Pair)> _queue = new(HigherCountFirst.Instance);
        readonly HashSet<long> _grown = new();

        public PairMerger(List<string> words, List<long> counts, Dictionary<int, int> initialId,
            Dictionary<int, int> continuationId)
        {
            var symbols = new List<int[]>(words.Count);
            var wordCounts = new List<long>(words.Count);
            var buffer = new List<int>();
            for (int w = 0; w < words.Count; w++)
            {
                buffer.Clear();
                bool known = true;
                foreach (var rune in words[w].EnumerateRunes())
                {
                    var ids = buffer.Count == 0 ? initialId : continuationId;
                    if (!ids.TryGetValue(rune.Value, out int id)) { known = false; break; }
                    buffer.Add(id);
                }
                if (!known) continue; // a character outside LimitAlphabet: the word would encode as [UNK]
                symbols.Add(buffer.ToArray());
                wordCounts.Add(counts[w]);
            }
            _symbols = symbols.ToArray();
            _count = wordCounts.ToArray();
            _length = new int[_symbols.Length];
            for (int w = 0; w < _symbols.Length; w++)
            {
                var s = _symbols[w];
                _length[w] = s.Length;
                for (int i = 0; i + 1 < s.Length; i++) Add(Key(s[i], s[i + 1]), _count[w], w);
            }
            foreach (var (pair, count) in _pairCount)
                if (count > 0) _queue.Enqueue(pair, (count, pair));
            _grown.Clear();
        }

        /// <summary>The most frequent pair, if its count reaches <paramref name="minFrequency"/>.</summary>
        public bool TryPopBest(int minFrequency, out int a, out int b)
        {
            // Lazy heap: an entry is stale when the pair's count changed after it was pushed. A count that grew was
            // pushed again, so a stale entry below the current count is dropped; one above it is pushed back at the
            // current count. Hence the first entry matching its pair's count is the true maximum.
            while (_queue.TryDequeue(out long pair, out var entry))
            {
                long current = _pairCount.GetValueOrDefault(pair);
                if (entry.Count != current)
                {
                    if (entry.Count > current && current > 0) _queue.Enqueue(pair, (current, pair));
                    continue;
                }
                if (current < minFrequency) break;
                a = (int)(pair >> 32);
                b = (int)(uint)pair;
                return true;
            }
            a = b = -1;
            return false;
        }

        /// <summary>Replaces every (a, b), left to right, by <paramref name="merged"/> in the words that hold it.</summary>
        public void Merge(int a, int b, int merged)
        {
            long key = Key(a, b);
            _pairWords.Remove(key, out var candidates);
            foreach (int w in candidates!) MergeWord(w, a, b, merged);
            _pairCount.Remove(key); // after the words: overlapping runs (a = b) decrement it while merging
            foreach (long pair in _grown)
            {
                long count = _pairCount.GetValueOrDefault(pair);
                if (count > 0) _queue.Enqueue(pair, (count, pair));
            }
            _grown.Clear();
        }

        // x y a b z → x M z: the pairs (x, a) and (b, z) disappear, (x, M) and (M, z) appear, each weighted by the
        // word's count. (a, b) itself is removed as a whole by Merge. A second occurrence right after the first sees
        // M as its left neighbour, which cancels the (M, a) just counted.
        void MergeWord(int w, int a, int b, int merged)
        {
            var s = _symbols[w];
            int n = _length[w];
            long c = _count[w];
            int write = 0;
            for (int i = 0; i < n;)
            {
                if (i + 1 < n && s[i] == a && s[i + 1] == b)
                {
                    if (write > 0)
                    {
                        int left = s[write - 1];
                        Add(Key(left, a), -c, w);
                        Add(Key(left, merged), c, w);
                    }
                    if (i + 2 < n)
                    {
                        int right = s[i + 2];
                        Add(Key(b, right), -c, w);
                        Add(Key(merged, right), c, w);
                    }
                    s[write++] = merged;
                    i += 2;
                }
                else
                {
                    s[write++] = s[i++];
                }
            }
            _length[w] = write;
        }

        void Add(long pair, long delta, int word)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(_pairCount, pair, out _) += delta;
            if (delta <= 0) return;
            _grown.Add(pair);
            ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_pairWords, pair, out _);
            list ??= new List<int>();
            if (list.Count == 0 || list[^1] != word) list.Add(word);
        }

        static long Key(int a, int b) => ((long)a << 32) | (uint)b;
    }

    /// <summary>Min-heap order that pops the largest count first, then the smallest pair key (Hugging Face's tie-break).</summary>
    sealed class HigherCountFirst : IComparer<(long Count, long Pair)>
    {
        public static readonly HigherCountFirst Instance = new();

        public int Compare((long Count, long Pair) x, (long Count, long Pair) y)
        {
            int byCount = y.Count.CompareTo(x.Count);
            return byCount != 0 ? byCount : x.Pair.CompareTo(y.Pair);
        }
    }
}

using Contrastive.Tests;
using Contrastive.Text.Bert;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.SimCse;

/// <summary>
/// A vocabulary of a few dozen whole words (written by the test), its tokenizer, tiny BERT models over it
/// (hidden 32, 2 layers, 2 heads) and sentences made of its words, for the SimCSE and sentence-encoder tests.
/// </summary>
internal static class TinyText
{
    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "the", "a", "man", "woman", "child", "dog", "cat", "is", "are", "plays", "playing", "reads", "reading",
        "runs", "running", "guitar", "piano", "book", "park", "street", "in", "on", "with", "and", "red", "small", ".",
    ];

    /// <summary>Distinct sentences of different lengths, deliberately not sorted by length.</summary>
    public static readonly string[] Sentences =
    [
        "a man plays the guitar .",
        "the dog runs .",
        "a small child is reading a red book in the park .",
        "a woman plays the piano .",
        "the cat is on the street",
        "a man is playing a guitar in the park with a small dog .",
        "dogs",
        "the woman reads a book .",
    ];

    /// <summary>Writes vocab.txt into <paramref name="dir"/> and reads it back.</summary>
    public static WordPieceTokenizer Tokenizer(TempDir dir)
    {
        var path = dir.File("vocab.txt");
        File.WriteAllLines(path, Vocabulary);
        return WordPieceTokenizer.FromVocabFile(path);
    }

    public static BertConfig Config(double dropout = 0.0) => new()
    {
        VocabSize = Vocabulary.Length,
        HiddenSize = 32,
        NumHiddenLayers = 2,
        NumAttentionHeads = 2,
        IntermediateSize = 64,
        MaxPositionEmbeddings = 64,
        HiddenDropoutProb = dropout,
        AttentionProbsDropoutProb = dropout,
    };

    /// <summary>A freshly initialised tiny BERT (train mode), weights from a generator seeded with <paramref name="seed"/>.</summary>
    public static BertModel Model(double dropout = 0.0, ulong seed = 1)
    {
        using var generator = new Generator(seed);
        return new BertModel(Config(dropout), generator: generator);
    }

    /// <summary><paramref name="count"/> sentences of 2 to <paramref name="maxWords"/> vocabulary words, from a seeded
    /// <see cref="Random"/>.</summary>
    public static string[] RandomSentences(int count, int seed, int maxWords = 12)
    {
        var random = new Random(seed);
        var words = Vocabulary.Skip(5).ToArray();
        return Enumerable.Range(0, count)
            .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(2, maxWords + 1)).Select(_ => words[random.Next(words.Length)])))
            .ToArray();
    }

    /// <summary>Writes an STS Benchmark file (tab-separated: genre, file, year, id, score, sentence 1, sentence 2) of
    /// <paramref name="pairs"/> random pairs with random 0-5 scores.</summary>
    public static void WriteStsBenchmark(string path, int pairs, int seed)
    {
        var random = new Random(seed);
        var sentences = RandomSentences(2 * pairs, seed + 1, maxWords: 8);
        File.WriteAllLines(path, Enumerable.Range(0, pairs).Select(i =>
            $"main-captions\tMSRvid\t2012test\t{i:D4}\t{random.NextDouble() * 5:F2}\t{sentences[2 * i]}\t{sentences[2 * i + 1]}"));
    }
}

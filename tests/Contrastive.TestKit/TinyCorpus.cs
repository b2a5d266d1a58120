namespace Contrastive.TestKit;

/// <summary>
/// Sentences over the <see cref="TinyVocabulary"/> word lists and the files made of them: a corpus (one sentence a
/// line) and an STS Benchmark file. Every generated list comes from a seeded <see cref="System.Random"/>.
/// </summary>
public static class TinyCorpus
{
    /// <summary>Eight distinct sentences over <see cref="TinyVocabulary.Words"/> of different lengths, deliberately not
    /// sorted by length ("dogs" is unknown to the vocabulary).</summary>
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

    /// <summary>Fifteen distinct sentences over <see cref="TinyVocabulary.Scenes"/>.</summary>
    public static readonly string[] Scenes =
    [
        "A man plays the guitar.", "A man plays the piano.", "A woman plays the violin.", "A dog runs in the park.",
        "A cat sits on the mat.", "The woman is reading a book.", "A man is eating food.", "A woman takes a picture.",
        "The bird sits on a guitar.", "A dog eats food in the garage.", "The man reads music.", "A cat runs fast.",
        "A woman is playing music in the park.", "The dog is slow.", "A man takes a photo of a bird.",
    ];

    static readonly string[] Determiners = ["the", "a"];
    static readonly string[] Adjectives = ["big", "small", "red"];
    static readonly string[] Animals = ["cat", "dog", "bird"];
    static readonly string[] Verbs = ["sat", "ran", "slept"];
    static readonly string[] Prepositions = ["on", "under", "near"];
    static readonly string[] Things = ["mat", "tree", "house"];

    /// <summary><paramref name="count"/> sentences of <paramref name="minWords"/> to <paramref name="maxWords"/> words
    /// drawn from <see cref="TinyVocabulary.Words"/>.</summary>
    public static string[] Random(int count, int seed, int minWords = 2, int maxWords = 10)
    {
        var random = new Random(seed);
        var words = TinyVocabulary.Words.WordList;
        return Enumerable.Range(0, count)
            .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(minWords, maxWords + 1)).Select(_ => words[random.Next(words.Count)])))
            .ToArray();
    }

    /// <summary>Sentences like "the small cat sat under a tree ." over <see cref="TinyVocabulary.Grammar"/>.</summary>
    public static string[] Grammar(int count, int seed = 7)
    {
        var random = new Random(seed);
        string Pick(string[] words) => words[random.Next(words.Length)];
        return Enumerable.Range(0, count)
            .Select(_ => $"{Pick(Determiners)} {Pick(Adjectives)} {Pick(Animals)} {Pick(Verbs)} {Pick(Prepositions)} {Pick(Determiners)} {Pick(Things)} .")
            .ToArray();
    }

    /// <summary>Writes <paramref name="sentences"/> one a line to <paramref name="name"/> in <paramref name="dir"/>; returns its path.</summary>
    public static string Write(TempDir dir, string name, IEnumerable<string> sentences)
    {
        var path = dir.File(name);
        File.WriteAllLines(path, sentences);
        return path;
    }

    /// <summary>Writes <paramref name="count"/> <see cref="Random"/> sentences to <paramref name="name"/>; returns its path.</summary>
    public static string WriteRandom(TempDir dir, string name, int count, int seed, int minWords = 2, int maxWords = 10) =>
        Write(dir, name, Random(count, seed, minWords, maxWords));

    /// <summary>Writes an STS Benchmark file (tab-separated: genre, file, year, id, score, sentence 1, sentence 2) of
    /// <paramref name="pairs"/> <see cref="Random"/> pairs of up to 8 words with random 0-5 scores; returns its path.</summary>
    public static string StsBenchmark(TempDir dir, string name = "sts-dev.csv", int pairs = 12, int seed = 5)
    {
        var path = dir.File(name);
        var random = new Random(seed);
        var sentences = Random(2 * pairs, seed + 1, maxWords: 8);
        File.WriteAllLines(path, Enumerable.Range(0, pairs).Select(i =>
            $"main-captions\tMSRvid\t2012test\t{i:D4}\t{random.NextDouble() * 5:F2}\t{sentences[2 * i]}\t{sentences[2 * i + 1]}"));
        return path;
    }
}

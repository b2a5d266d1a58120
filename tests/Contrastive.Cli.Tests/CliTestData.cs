using Contrastive.Tests;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Cli.Tests;

/// <summary>
/// Input files for the CLI tests, written into a <see cref="TempDir"/>: a vocabulary of a few dozen words, sentences
/// over it (seeded), an STS Benchmark file and a tiny saved sentence-encoder folder.
/// </summary>
internal static class CliTestData
{
    static readonly string[] Specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    static readonly string[] Words =
    [
        "the", "a", "man", "woman", "child", "dog", "cat", "is", "are", "plays", "playing", "reads", "reading",
        "runs", "running", "guitar", "piano", "book", "park", "street", "in", "on", "with", "and", "red", "small", ".",
    ];

    /// <summary>Writes vocab.txt; returns its path.</summary>
    public static string Vocabulary(TempDir dir)
    {
        var path = dir.File("vocab.txt");
        File.WriteAllLines(path, Specials.Concat(Words));
        return path;
    }

    /// <summary><paramref name="count"/> sentences of <paramref name="minWords"/> to <paramref name="maxWords"/> words.</summary>
    public static string[] Sentences(int count, int seed, int minWords = 2, int maxWords = 10)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(minWords, maxWords + 1)).Select(_ => Words[random.Next(Words.Length)])))
            .ToArray();
    }

    /// <summary>Writes <paramref name="name"/> with one sentence a line; returns its path.</summary>
    public static string Corpus(TempDir dir, string name, int count, int seed, int minWords = 2, int maxWords = 10)
    {
        var path = dir.File(name);
        File.WriteAllLines(path, Sentences(count, seed, minWords, maxWords));
        return path;
    }

    /// <summary>Writes an STS Benchmark file of random pairs and 0-5 scores (tab-separated, score at index 4).</summary>
    public static string StsBenchmark(TempDir dir, string name = "sts-dev.csv", int pairs = 12, int seed = 5)
    {
        var path = dir.File(name);
        var random = new Random(seed);
        var sentences = Sentences(2 * pairs, seed + 1, maxWords: 8);
        File.WriteAllLines(path, Enumerable.Range(0, pairs).Select(i =>
            $"main-captions\tMSRvid\t2012test\t{i:D4}\t{random.NextDouble() * 5:F2}\t{sentences[2 * i]}\t{sentences[2 * i + 1]}"));
        return path;
    }

    /// <summary>Saves a randomly initialised tiny BERT (hidden 32, 2 layers) as a sentence-encoder folder; returns it.</summary>
    public static string ModelFolder(TempDir dir, string name = "model")
    {
        var tokenizer = WordPieceTokenizer.FromVocabFile(Vocabulary(dir));
        using var generator = new Generator(3);
        var config = new BertConfig
        {
            VocabSize = tokenizer.VocabSize, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 2, IntermediateSize = 64,
            MaxPositionEmbeddings = 64,
        };
        using var bert = new BertModel(config, generator: generator);
        var folder = dir.File(name);
        SentenceEncoderFolder.Save(folder, bert, tokenizer, SentencePipeline.FromPooler(bert, PoolerType.Cls, 32));
        return folder;
    }
}

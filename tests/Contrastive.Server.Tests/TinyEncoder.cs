using Contrastive.Tests;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Server.Tests;

/// <summary>A randomly initialised tiny BERT (hidden 32, 2 layers) with a 40-token vocabulary, as a sentence encoder.</summary>
internal static class TinyEncoder
{
    public static readonly string[] Vocab =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "a", "the", "man", "woman", "dog", "cat", "is", "plays",
        "playing", "eats", "eating", "reads", "reading", "guitar", "piano", "violin", "food", "book", "music", "in",
        "on", "park", "garage", "sits", "mat", "runs", "fast", "slow", "picture", "takes", "photo", "##s", "bird",
    ];

    /// <summary>Sentences over <see cref="Vocab"/>, all different.</summary>
    public static readonly string[] Corpus =
    [
        "A man plays the guitar.", "A man plays the piano.", "A woman plays the violin.", "A dog runs in the park.",
        "A cat sits on the mat.", "The woman is reading a book.", "A man is eating food.", "A woman takes a picture.",
        "The bird sits on a guitar.", "A dog eats food in the garage.", "The man reads music.", "A cat runs fast.",
        "A woman is playing music in the park.", "The dog is slow.", "A man takes a photo of a bird.",
    ];

    public static BertConfig Config { get; } = new()
    {
        VocabSize = Vocab.Length,
        HiddenSize = 32,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        IntermediateSize = 64,
        MaxPositionEmbeddings = 32,
    };

    public static WordPieceTokenizer Tokenizer()
    {
        using var dir = new TempDir();
        var path = dir.File("vocab.txt");
        File.WriteAllLines(path, Vocab);
        return WordPieceTokenizer.FromVocabFile(path);
    }

    public static BertModel Bert(long seed = 1)
    {
        var bert = new BertModel(Config, generator: new Generator((ulong)seed, CPU));
        bert.eval();
        return bert;
    }

    public static SentenceEncoder Encoder(long seed = 1, PoolerType pooler = PoolerType.Avg) =>
        new(Bert(seed), Tokenizer(), pooler, maxSeqLength: Config.MaxPositionEmbeddings);
}

using Contrastive.Text.Tokenization;

namespace Contrastive.TestKit;

/// <summary>
/// A tiny WordPiece vocabulary written by the test: BERT's five special tokens, then whole words. Three word lists
/// exist because the tests' measured numbers were taken with them (the vocabulary size sets the embedding matrix and so
/// every weight a seed draws): <see cref="Words"/> (SimCSE, SBERT, distillation, sentence encoders, the CLI),
/// <see cref="Scenes"/> (the encoder of the embeddings, server and vector-store tests) and <see cref="Grammar"/> (MLM).
/// </summary>
public sealed class TinyVocabulary
{
    /// <summary>[PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4, first in every vocabulary here.</summary>
    public static readonly IReadOnlyList<string> Specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    /// <summary>27 words (32 tokens): people, animals, instruments and places; the words of <see cref="TinyCorpus.Random"/>.</summary>
    public static TinyVocabulary Words { get; } = new(
    [
        "the", "a", "man", "woman", "child", "dog", "cat", "is", "are", "plays", "playing", "reads", "reading",
        "runs", "running", "guitar", "piano", "book", "park", "street", "in", "on", "with", "and", "red", "small", ".",
    ]);

    /// <summary>35 tokens (40 in all, "##s" among them): the words of <see cref="TinyCorpus.Scenes"/>.</summary>
    public static TinyVocabulary Scenes { get; } = new(
    [
        ".", ",", "a", "the", "man", "woman", "dog", "cat", "is", "plays", "playing", "eats", "eating", "reads", "reading",
        "guitar", "piano", "violin", "food", "book", "music", "in", "on", "park", "garage", "sits", "mat", "runs", "fast",
        "slow", "picture", "takes", "photo", "##s", "bird",
    ]);

    /// <summary>19 words (24 tokens): the words of <see cref="TinyCorpus.Grammar"/>.</summary>
    public static TinyVocabulary Grammar { get; } = new(
    [
        "the", "a", "cat", "dog", "bird", "sat", "ran", "slept", "on", "under", "near", "mat", "tree", "house",
        "big", "small", "red", ".", ",",
    ]);

    TinyVocabulary(string[] words)
    {
        WordList = words;
        Tokens = [.. Specials, .. words];
    }

    /// <summary>The words after the special tokens.</summary>
    public IReadOnlyList<string> WordList { get; }

    /// <summary>Every token in id order: <see cref="Specials"/>, then <see cref="WordList"/>.</summary>
    public IReadOnlyList<string> Tokens { get; }

    public int Size => Tokens.Count;

    /// <summary>Writes the vocabulary to <paramref name="name"/> in <paramref name="dir"/>; returns its path.</summary>
    public string Write(TempDir dir, string name = "vocab.txt")
    {
        var path = dir.File(name);
        File.WriteAllLines(path, Tokens);
        return path;
    }

    /// <summary>Writes vocab.txt into <paramref name="dir"/> and reads it back.</summary>
    public WordPieceTokenizer Tokenizer(TempDir dir) => WordPieceTokenizer.FromVocabFile(Write(dir));

    /// <summary>The tokenizer, read from a temporary folder deleted at once.</summary>
    public WordPieceTokenizer Tokenizer()
    {
        using var dir = new TempDir();
        return Tokenizer(dir);
    }
}

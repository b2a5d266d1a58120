using Contrastive.Core.Training;
using Contrastive.Tests;
using Contrastive.Text.Bert;
using Contrastive.Text.Mlm;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Mlm;

/// <summary>A tiny vocabulary, generated sentences over it, a tiny BERT config and fast trainer options for the MLM tests.</summary>
internal static class TinyMlm
{
    // [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4, then the words.
    public static readonly string[] Vocab =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "the", "a", "cat", "dog", "bird", "sat", "ran", "slept", "on", "under", "near", "mat", "tree", "house",
        "big", "small", "red", ".", ",",
    ];

    static readonly string[] Determiners = ["the", "a"];
    static readonly string[] Adjectives = ["big", "small", "red"];
    static readonly string[] Animals = ["cat", "dog", "bird"];
    static readonly string[] Verbs = ["sat", "ran", "slept"];
    static readonly string[] Prepositions = ["on", "under", "near"];
    static readonly string[] Things = ["mat", "tree", "house"];

    /// <summary>hidden 32, 2 layers, 4 heads, FFN 64, 64 positions (vocab_size and pad id come from the vocabulary).</summary>
    public static BertConfig Config { get; } = new()
    {
        HiddenSize = 32,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        IntermediateSize = 64,
        MaxPositionEmbeddings = 64,
    };

    /// <summary>Writes the vocabulary to <c>vocab.txt</c> in <paramref name="dir"/> and returns its path.</summary>
    public static string WriteVocab(TempDir dir)
    {
        var path = dir.File("vocab.txt");
        File.WriteAllLines(path, Vocab);
        return path;
    }

    public static WordPieceTokenizer Tokenizer(TempDir dir) => WordPieceTokenizer.FromVocabFile(WriteVocab(dir));

    /// <summary>A tiny model with BERT's pooler, for <paramref name="tokenizer"/>'s vocabulary.</summary>
    public static BertForMaskedLM Model(WordPieceTokenizer tokenizer, long seed = 1) =>
        MaskedLanguageModeling.NewModel(Config with { VocabSize = tokenizer.VocabSize, PadTokenId = tokenizer.PadId },
                                        new Generator((ulong)seed, CPU));

    /// <summary>Sentences like "the small cat sat under a tree ." drawn with a seeded generator.</summary>
    public static string[] Sentences(int count, int seed = 7)
    {
        var random = new Random(seed);
        string Pick(string[] words) => words[random.Next(words.Length)];
        return Enumerable.Range(0, count)
            .Select(_ => $"{Pick(Determiners)} {Pick(Adjectives)} {Pick(Animals)} {Pick(Verbs)} {Pick(Prepositions)} {Pick(Determiners)} {Pick(Things)} .")
            .ToArray();
    }

    /// <summary>Writes <paramref name="sentences"/> one a line to <paramref name="name"/> in <paramref name="dir"/>.</summary>
    public static string WriteCorpus(TempDir dir, IEnumerable<string> sentences, string name = "corpus.txt")
    {
        var path = dir.File(name);
        File.WriteAllLines(path, sentences);
        return path;
    }

    /// <summary>Fast trainer options: the MLM defaults with batch 8, lr 1e-3 and evaluation every 5 steps.</summary>
    public static TrainingOptions Training(string outputDir, int maxSteps) =>
        MlmPretrainingSetup.DefaultTraining(outputDir) with { BatchSize = 8, LearningRate = 1e-3, MaxSteps = maxSteps, EvalSteps = 5 };

    /// <summary>Every tensor of a safetensors file.</summary>
    public static Dictionary<string, Tensor> Weights(string modelDir) =>
        Core.Serialization.SafeTensors.Load(Path.Combine(modelDir, "model.safetensors"));

    /// <summary>Same keys, shapes and bitwise-equal values.</summary>
    public static void AssertSame(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, e) in expected)
            Assert.True(e.shape.SequenceEqual(actual[key].shape) && e.eq(actual[key]).all().item<bool>(), $"tensor {key} differs");
    }
}

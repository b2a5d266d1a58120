using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Mlm;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

namespace Contrastive.TestKit;

/// <summary>
/// The tests' one tiny BERT builder: hidden 32, 2 layers, FFN 64, weights from a generator seeded by the test. The
/// vocabulary size, heads, positions and dropout are parameters; the named shapes below are the values the tests'
/// measured numbers were taken with.
/// </summary>
/// <param name="VocabSize">Rows of the word embedding (a <see cref="TinyVocabulary"/>'s size, or 100 for raw ids).</param>
/// <param name="Heads">Attention heads (head size 32 / heads).</param>
/// <param name="Positions">max_position_embeddings.</param>
/// <param name="Dropout">Hidden and attention dropout (BERT's 0.1 unless the test needs another).</param>
public sealed record TinyBert(int VocabSize, int Heads, int Positions, double Dropout = 0.1)
{
    public const int HiddenSize = 32;
    public const int Layers = 2;
    public const int IntermediateSize = 64;

    /// <summary>Token ids fed directly (vocab 100, no vocabulary file), 4 heads, 16 positions: the BERT, pooling and
    /// model-folder tests.</summary>
    public static TinyBert Ids { get; } = new(100, Heads: 4, Positions: 16);

    /// <summary>Over <see cref="TinyVocabulary.Words"/>, 2 heads, 64 positions, no dropout: SimCSE, SBERT,
    /// distillation, sentence encoders (the CLI's model folder is this shape with dropout 0.1).</summary>
    public static TinyBert Words { get; } = new(TinyVocabulary.Words.Size, Heads: 2, Positions: 64, Dropout: 0.0);

    /// <summary>Over <see cref="TinyVocabulary.Scenes"/>, 4 heads, 32 positions: the encoder of the embeddings, server and
    /// vector-store tests (<see cref="SceneEncoder"/>).</summary>
    public static TinyBert Scenes { get; } = new(TinyVocabulary.Scenes.Size, Heads: 4, Positions: 32);

    /// <summary>Over <see cref="TinyVocabulary.Grammar"/>, 4 heads, 64 positions: the MLM tests.</summary>
    public static TinyBert Grammar { get; } = new(TinyVocabulary.Grammar.Size, Heads: 4, Positions: 64);

    public BertConfig Config => new()
    {
        VocabSize = VocabSize,
        HiddenSize = HiddenSize,
        NumHiddenLayers = Layers,
        NumAttentionHeads = Heads,
        IntermediateSize = IntermediateSize,
        MaxPositionEmbeddings = Positions,
        HiddenDropoutProb = Dropout,
        AttentionProbsDropoutProb = Dropout,
    };

    /// <summary>A freshly initialised model (with BERT's pooler), in train mode unless <paramref name="eval"/>.</summary>
    public BertModel Model(ulong seed = 1, bool eval = false)
    {
        using var generator = new Generator(seed, CPU);
        var model = new BertModel(Config, generator: generator);
        if (eval) model.eval();
        return model;
    }

    /// <summary>A freshly initialised masked language model with BERT's pooler (<see cref="MaskedLanguageModeling.NewModel"/>).</summary>
    public BertForMaskedLM MaskedLM(ulong seed = 1)
    {
        using var generator = new Generator(seed, CPU);
        return MaskedLanguageModeling.NewModel(Config, generator);
    }

    /// <summary>A <see cref="Scenes"/> model (eval mode) with its tokenizer as a sentence encoder of up to 32 tokens.</summary>
    public static SentenceEncoder SceneEncoder(ulong seed = 1, PoolerType pooler = PoolerType.Avg) =>
        new(Scenes.Model(seed, eval: true), TinyVocabulary.Scenes.Tokenizer(), pooler, maxSeqLength: Scenes.Positions);

    /// <summary>Saves a <see cref="Words"/> model (dropout 0.1, seed 3, CLS pooling, 32 tokens) as a sentence-encoder
    /// folder <paramref name="name"/> in <paramref name="dir"/>, writing dir/vocab.txt on the way; returns the folder.</summary>
    public static string SaveEncoderFolder(TempDir dir, string name = "model")
    {
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        using var bert = (Words with { Dropout = 0.1 }).Model(seed: 3);
        var folder = dir.File(name);
        SentenceEncoderFolder.Save(folder, bert, tokenizer, SentencePipeline.FromPooler(bert, PoolerType.Cls, 32));
        return folder;
    }

    /// <summary>The Hugging Face BertModel state-dict keys for <paramref name="layers"/> layers (pooler included).</summary>
    public static IEnumerable<string> HuggingFaceKeys(int layers)
    {
        yield return "embeddings.word_embeddings.weight";
        yield return "embeddings.position_embeddings.weight";
        yield return "embeddings.token_type_embeddings.weight";
        yield return "embeddings.LayerNorm.weight";
        yield return "embeddings.LayerNorm.bias";
        for (int i = 0; i < layers; i++)
        {
            foreach (var p in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
                                      "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm" })
            {
                yield return $"encoder.layer.{i}.{p}.weight";
                yield return $"encoder.layer.{i}.{p}.bias";
            }
        }
        yield return "pooler.dense.weight";
        yield return "pooler.dense.bias";
    }
}

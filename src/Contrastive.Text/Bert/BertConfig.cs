using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Text.Bert;

/// <summary>
/// The hyper-parameters of a BERT encoder, mirroring Hugging Face <c>transformers.BertConfig</c> and its
/// <c>config.json</c> (snake_case keys). Defaults are those of <c>bert-base-uncased</c> (Devlin et al. 2019):
/// 12 layers, hidden 768, 12 heads, FFN 3072, GELU (erf), dropout 0.1, 512 absolute positions, 2 token types.
/// <para>Only the post-LayerNorm architecture with absolute learned positions is implemented, so
/// <see cref="Validate"/> rejects other <c>position_embedding_type</c> values and non-BERT model types.</para>
/// </summary>
public sealed record BertConfig
{
    /// <summary>The activations <c>hidden_act</c> may name (Hugging Face ACT2FN names).</summary>
    public static readonly IReadOnlyList<string> SupportedActivations = ["gelu", "gelu_new", "gelu_pytorch_tanh", "relu", "silu", "swish"];

    /// <summary>Written as <c>transformers_version</c> when the source config did not name one.</summary>
    public const string DefaultTransformersVersion = "4.46.3";

    public int VocabSize { get; init; } = 30522;
    public int HiddenSize { get; init; } = 768;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int IntermediateSize { get; init; } = 3072;
    public string HiddenAct { get; init; } = "gelu";
    /// <summary>BERT's dropout on hidden states and attention probabilities, 0.1 (Devlin et al. 2019, section 3.1 /
    /// appendix A.2); also SimCSE's noise (Gao et al. 2021, section 3: p = 0.1 works best).</summary>
    public const double DefaultDropout = 0.1;

    public double HiddenDropoutProb { get; init; } = DefaultDropout;
    public double AttentionProbsDropoutProb { get; init; } = DefaultDropout;
    public int MaxPositionEmbeddings { get; init; } = 512;
    public int TypeVocabSize { get; init; } = 2;
    public double InitializerRange { get; init; } = 0.02;
    public double LayerNormEps { get; init; } = 1e-12;
    public int PadTokenId { get; init; }
    public string PositionEmbeddingType { get; init; } = "absolute";
    public string ModelType { get; init; } = "bert";

    /// <summary>Hugging Face class names; null means <c>["BertModel"]</c> when saved.</summary>
    public IReadOnlyList<string>? Architectures { get; init; }

    public string TransformersVersion { get; init; } = DefaultTransformersVersion;

    /// <summary>Hidden size of one attention head: <c>hidden_size / num_attention_heads</c>.</summary>
    [JsonIgnore]
    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>This config with <paramref name="probability"/> as both the hidden and the attention dropout.</summary>
    public BertConfig WithDropout(double probability) => this with { HiddenDropoutProb = probability, AttentionProbsDropoutProb = probability };

    /// <summary>Throws <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public BertConfig Validate()
    {
        Positive(VocabSize, "vocab_size");
        Positive(HiddenSize, "hidden_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(IntermediateSize, "intermediate_size");
        Positive(MaxPositionEmbeddings, "max_position_embeddings");
        Positive(TypeVocabSize, "type_vocab_size");
        if (HiddenSize % NumAttentionHeads != 0)
            throw new ContrastiveException($"hidden_size {HiddenSize} is not divisible by num_attention_heads {NumAttentionHeads}.");
        Probability(HiddenDropoutProb, "hidden_dropout_prob");
        Probability(AttentionProbsDropoutProb, "attention_probs_dropout_prob");
        if (!(InitializerRange >= 0) || double.IsInfinity(InitializerRange))
            throw new ContrastiveException($"initializer_range {Format(InitializerRange)} must be a finite number >= 0.");
        if (!(LayerNormEps > 0) || double.IsInfinity(LayerNormEps))
            throw new ContrastiveException($"layer_norm_eps {Format(LayerNormEps)} must be a finite number > 0.");
        if (PadTokenId < 0 || PadTokenId >= VocabSize)
            throw new ContrastiveException($"pad_token_id {PadTokenId} must lie in [0, vocab_size {VocabSize}).");
        if (!SupportedActivations.Contains(HiddenAct))
            throw new ContrastiveException($"hidden_act '{HiddenAct}' is not supported; use one of {string.Join(", ", SupportedActivations)}.");
        if (PositionEmbeddingType != "absolute")
            throw new ContrastiveException($"position_embedding_type '{PositionEmbeddingType}' is not supported; only 'absolute' is.");
        if (ModelType != "bert")
            throw new ContrastiveException($"model_type '{ModelType}' is not supported; only 'bert' is.");
        return this;
    }

    /// <summary>
    /// Reads a Hugging Face <c>config.json</c>; unknown keys are ignored and absent keys take the defaults above.
    /// A missing, malformed or invalid file throws <see cref="ContrastiveException"/> naming it.
    /// </summary>
    public static BertConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: BERT config file not found.");
        BertConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<BertConfig>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ContrastiveException($"{path}: malformed BERT config JSON ({e.Message}).", e);
        }
        if (config is null) throw new ContrastiveException($"{path}: the BERT config is JSON null, not an object.");
        try
        {
            return config.Validate();
        }
        catch (ContrastiveException e)
        {
            throw new ContrastiveException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes <c>config.json</c> atomically in the Hugging Face format (readable by
    /// <c>transformers.BertConfig.from_pretrained</c>), with <c>architectures</c> defaulting to <c>["BertModel"]</c>.
    /// </summary>
    public void Save(string path)
    {
        Validate();
        var toWrite = Architectures is { Count: > 0 } ? this : this with { Architectures = ["BertModel"] };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(toWrite, JsonOptions) + "\n");
    }

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // "1e-12" is written as 1E-12, which Python's json reads; NaN/Infinity are rejected by Validate first.
        NumberHandling = JsonNumberHandling.Strict,
    };

    static void Positive(int value, string name)
    {
        if (value <= 0) throw new ContrastiveException($"{name} {value} must be positive.");
    }

    static void Probability(double value, string name)
    {
        if (!(value >= 0 && value < 1)) throw new ContrastiveException($"{name} {Format(value)} must lie in [0, 1).");
    }

    static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Sequences.Model;

/// <summary>
/// The shape of a <see cref="SasRec"/> encoder, with RecBole's SASRec defaults (Kang and McAuley, "Self-Attentive
/// Sequential Recommendation", ICDM 2018; RecBole <c>SASRec.yaml</c>): hidden 64, 2 layers, 2 heads, inner 256,
/// dropout 0.5 on hidden states and attention, GELU, LayerNorm eps 1e-12, N(0, 0.02) initialisation, at most 50 items.
/// Saved as <c>config.json</c> with RecBole's parameter names.
/// </summary>
public sealed record SasRecConfig
{
    public const string FileName = "config.json";

    /// <summary>N: items are numbered 1..N; the embedding table has N + 2 rows (0 padding, N + 1 mask token).</summary>
    [JsonPropertyName("n_items")] public int NumItems { get; init; }
    [JsonPropertyName("MAX_ITEM_LIST_LENGTH")] public int MaxSeqLength { get; init; } = 50;
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 64;
    [JsonPropertyName("n_layers")] public int NumLayers { get; init; } = 2;
    [JsonPropertyName("n_heads")] public int NumHeads { get; init; } = 2;
    [JsonPropertyName("inner_size")] public int InnerSize { get; init; } = 256;
    [JsonPropertyName("hidden_dropout_prob")] public double HiddenDropout { get; init; } = 0.5;
    [JsonPropertyName("attn_dropout_prob")] public double AttentionDropout { get; init; } = 0.5;
    [JsonPropertyName("layer_norm_eps")] public double LayerNormEps { get; init; } = 1e-12;
    [JsonPropertyName("initializer_range")] public double InitializerRange { get; init; } = 0.02;

    /// <summary>Rows of the item embedding: padding, N items, mask token.</summary>
    [JsonIgnore] public int EmbeddingRows => NumItems + 2;

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public SasRecConfig Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ContrastiveException(message);
        }
        Check(NumItems >= 1, $"n_items must be at least 1, got {NumItems}.");
        Check(MaxSeqLength >= 1, $"MAX_ITEM_LIST_LENGTH must be at least 1, got {MaxSeqLength}.");
        Check(HiddenSize >= 1, $"hidden_size must be at least 1, got {HiddenSize}.");
        Check(NumLayers >= 1, $"n_layers must be at least 1, got {NumLayers}.");
        Check(NumHeads >= 1 && HiddenSize % NumHeads == 0, $"n_heads ({NumHeads}) must divide hidden_size ({HiddenSize}).");
        Check(InnerSize >= 1, $"inner_size must be at least 1, got {InnerSize}.");
        Check(HiddenDropout is >= 0 and < 1, $"hidden_dropout_prob must be in [0, 1), got {HiddenDropout}.");
        Check(AttentionDropout is >= 0 and < 1, $"attn_dropout_prob must be in [0, 1), got {AttentionDropout}.");
        Check(LayerNormEps > 0, $"layer_norm_eps must be positive, got {LayerNormEps}.");
        Check(InitializerRange > 0, $"initializer_range must be positive, got {InitializerRange}.");
        return this;
    }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json));

    public static SasRecConfig Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found.");
        SasRecConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<SasRecConfig>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new ContrastiveException($"{path}: not a valid SASRec configuration: {e.Message}", e);
        }
        if (config is null) throw new ContrastiveException($"{path}: empty configuration.");
        try
        {
            return config.Validate();
        }
        catch (ContrastiveException e)
        {
            throw new ContrastiveException($"{path}: not a valid SASRec configuration: {e.Message}", e);
        }
    }
}

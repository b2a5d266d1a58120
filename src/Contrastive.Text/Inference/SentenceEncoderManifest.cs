using System.Text.Json;
using System.Text.Json.Serialization;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Text.Inference;

/// <summary>
/// <c>contrastive.json</c>: how to turn the Hugging Face BERT in the same folder into sentence embeddings
/// (the pooler and the maximum length), which sentence-transformers' files cannot express for every SimCSE pooler,
/// and an optional post-processing step: <c>whitening</c> names a safetensors file in the folder holding BERT-whitening's
/// <c>mu</c> and <c>W</c>, applied to every pooled embedding.
/// </summary>
public sealed record SentenceEncoderManifest(
    [property: JsonPropertyName("pooler")] string Pooler,
    [property: JsonPropertyName("max_seq_length")] int MaxSeqLength,
    [property: JsonPropertyName("whitening")] string? Whitening = null,
    [property: JsonPropertyName("format")] string Format = SentenceEncoderManifest.FormatName,
    [property: JsonPropertyName("version")] int Version = 1)
{
    public const string FileName = "contrastive.json";
    public const string FormatName = "contrastive-sentence-encoder";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>The manifest in <paramref name="directory"/>, or null when there is none.</summary>
    public static SentenceEncoderManifest? TryLoad(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        SentenceEncoderManifest? m;
        try
        {
            m = JsonSerializer.Deserialize<SentenceEncoderManifest>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ContrastiveException($"{path}: not a valid manifest ({e.Message}).");
        }
        if (m is null || m.Format != FormatName || string.IsNullOrEmpty(m.Pooler) || m.MaxSeqLength < 3)
            throw new ContrastiveException($"{path}: not a valid manifest (needs format \"{FormatName}\", a pooler and max_seq_length >= 3).");
        return m;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Contrastive.Core;
using Contrastive.Text.Pooling;

namespace Contrastive.Text.Inference;

/// <summary>
/// <c>contrastive.json</c>, written by earlier versions beside (or instead of) <c>modules.json</c>: SimCSE's pooler,
/// the maximum length and an optional BERT-whitening file (<c>mu</c>, <c>W</c>). Read only, so that those folders keep
/// giving the same vectors; saving a folder now writes its <c>modules.json</c> pipeline and removes this file.
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
    /// <summary>The whitening file earlier versions wrote next to <c>contrastive.json</c>.</summary>
    public const string WhiteningFileName = "whitening.safetensors";

    /// <summary>The recorded pooler; an unknown name throws naming the file.</summary>
    public PoolerType ParsePooler(string directory)
    {
        try
        {
            return PoolerTypeNames.Parse(Pooler);
        }
        catch (ContrastiveException e)
        {
            throw new ContrastiveException($"{Path.Combine(directory, FileName)}: {e.Message}", e);
        }
    }

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

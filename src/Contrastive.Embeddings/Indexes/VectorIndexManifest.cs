using System.Text.Json;
using System.Text.Json.Serialization;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Embeddings.Indexes;

/// <summary>
/// <c>index.json</c>: what a saved vector-index folder holds: the index <c>kind</c>, the vectors' <c>dimension</c> and
/// <c>count</c>, the <c>model</c> folder the vectors were encoded with (so a search encodes its queries the same way),
/// the format name and version, and for an IVF index its <c>cells</c> and <c>nprobe</c>.
/// </summary>
public sealed record VectorIndexManifest(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("dimension")] int Dimension,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("model")] string? Model = null,
    [property: JsonPropertyName("format")] string Format = VectorIndexManifest.FormatName,
    [property: JsonPropertyName("version")] int Version = VectorIndexManifest.CurrentVersion)
{
    /// <summary>Number of cells of an <c>ivf-flat</c> index; absent for other kinds.</summary>
    [JsonPropertyName("cells"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Cells { get; init; }

    /// <summary>Cells searched per query of an <c>ivf-flat</c> index; absent for other kinds.</summary>
    [JsonPropertyName("nprobe"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? NProbe { get; init; }

    public const string FileName = "index.json";
    public const string FormatName = "contrastive-vector-index";
    public const int CurrentVersion = 1;

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the <c>index.json</c> in <paramref name="directory"/>
    /// unless the index is of <paramref name="kind"/>.</summary>
    public void RequireKind(string directory, string kind)
    {
        if (Kind != kind)
            throw new ContrastiveException($"{Path.Combine(directory, FileName)}: the index kind is '{Kind}', not '{kind}'.");
    }

    /// <summary>Reads and validates <c>index.json</c> in <paramref name="directory"/>.</summary>
    /// <exception cref="ContrastiveException">The folder or file is missing, or the file is not a valid manifest; the message names it.</exception>
    public static VectorIndexManifest Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new ContrastiveException($"{directory}: index folder not found.");
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: not found, so {directory} is not a saved index.");
        VectorIndexManifest? m;
        try
        {
            m = JsonSerializer.Deserialize<VectorIndexManifest>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ContrastiveException($"{path}: not a valid index manifest ({e.Message}).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"{path}: cannot be read: {e.Message}");
        }
        if (m is null || m.Format != FormatName)
            throw new ContrastiveException($"{path}: not a valid index manifest (needs \"format\": \"{FormatName}\").");
        if (m.Version != CurrentVersion)
            throw new ContrastiveException($"{path}: index format version {m.Version} is not supported (this build reads version {CurrentVersion}).");
        if (string.IsNullOrEmpty(m.Kind))
            throw new ContrastiveException($"{path}: the index manifest names no \"kind\".");
        if (m.Dimension < 1)
            throw new ContrastiveException($"{path}: \"dimension\" is {m.Dimension}, but it must be at least 1.");
        if (m.Count < 0)
            throw new ContrastiveException($"{path}: \"count\" is {m.Count}, but it cannot be negative.");
        return m;
    }
}

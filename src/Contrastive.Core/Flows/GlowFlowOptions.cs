using System.Text.Json.Serialization;

namespace Contrastive.Core.Flows;

/// <summary>
/// Shape of a <see cref="GlowFlow"/> and how it is fitted. Defaults follow BERT-flow's released configuration
/// (Li et al. 2020, arXiv:2011.05864, github.com/bohanli/BERT-flow: Glow with 2 levels of depth 3, i.e. 6 steps,
/// hidden width 32, Adam lr 1e-3), without the multi-scale factoring, which a single vector per sentence does not need.
/// Stored as <c>flow_config.json</c> next to the weights.
/// </summary>
public sealed record GlowFlowOptions
{
    /// <summary>Embedding width D (≥ 2).</summary>
    [JsonPropertyName("dim")] public int Dim { get; init; }

    /// <summary>Flow steps K, each actnorm → invertible linear → affine coupling.</summary>
    [JsonPropertyName("steps")] public int Steps { get; init; } = 6;

    /// <summary>Hidden width of each coupling's network.</summary>
    [JsonPropertyName("hidden_dim")] public int HiddenDim { get; init; } = 32;

    [JsonPropertyName("format")] public string Format { get; init; } = FormatName;

    public const string FormatName = "glow-flow";

    public GlowFlowOptions Validate()
    {
        if (Format != FormatName) throw new ContrastiveException($"Not a flow configuration: format is '{Format}', expected '{FormatName}'.");
        if (Dim < 2) throw new ContrastiveException($"A flow needs embeddings of at least 2 dimensions, got {Dim}.");
        if (Steps < 1) throw new ContrastiveException($"A flow needs at least 1 step, got {Steps}.");
        if (HiddenDim < 1) throw new ContrastiveException($"The flow's hidden width must be positive, got {HiddenDim}.");
        return this;
    }
}

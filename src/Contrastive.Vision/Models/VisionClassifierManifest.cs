using System.Text.Json.Serialization;

namespace Contrastive.Vision.Models;

/// <summary>The linear classifier saved with a vision model (<c>classifier.safetensors</c>, keys <c>weight</c> (Classes,
/// InputDim) and <c>bias</c>): on top of the encoder as loaded (the backbone and the kept head layers).</summary>
public sealed record VisionClassifierManifest(
    [property: JsonPropertyName("input_dim")] int InputDim,
    [property: JsonPropertyName("classes")] int Classes);

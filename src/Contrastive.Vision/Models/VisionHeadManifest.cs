using System.Text.Json.Serialization;
using Contrastive.Core.Heads;

namespace Contrastive.Vision.Models;

/// <summary>The projection head saved with a vision model (<c>projection_head.safetensors</c>): its <see cref="MlpHeadOptions"/>.</summary>
public sealed record VisionHeadManifest(
    [property: JsonPropertyName("widths")] int[] Widths,
    [property: JsonPropertyName("hidden_batch_norm")] bool HiddenBatchNorm,
    [property: JsonPropertyName("output_batch_norm")] bool OutputBatchNorm,
    [property: JsonPropertyName("hidden_bias")] bool HiddenBias,
    [property: JsonPropertyName("output_bias")] bool OutputBias)
{
    public static VisionHeadManifest From(MlpHeadOptions o) => new(o.Widths.ToArray(), o.HiddenBatchNorm, o.OutputBatchNorm, o.HiddenBias, o.OutputBias);

    public MlpHeadOptions ToOptions() => new(Widths, HiddenBatchNorm, OutputBatchNorm, HiddenBias, OutputBias);
}

using System.Text.Json.Serialization;
using Contrastive.Vision.Encoders;

namespace Contrastive.Vision.Models;

/// <summary><c>vision_model.json</c>: how the encoder in a model folder was built and trained.</summary>
/// <param name="Method">The training method's name.</param>
/// <param name="Encoder">The backbone's architecture (for CMC: of each view's backbone, with the raw images' channels).</param>
/// <param name="ImageSize">Side of the images the encoder was trained on.</param>
public sealed record VisionModelManifest(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("encoder")] ImageEncoderConfig Encoder,
    [property: JsonPropertyName("image_size")] int ImageSize)
{
    /// <summary>The projection head stored in <c>projection_head.safetensors</c>, or null.</summary>
    [JsonPropertyName("projection_head")] public VisionHeadManifest? ProjectionHead { get; init; }

    /// <summary>Hidden layers of the projection head applied after the backbone when the model is loaded
    /// (SimCLR v2: 1); 0 = the backbone's features.</summary>
    [JsonPropertyName("probe_layer")] public int ProbeLayer { get; init; }

    /// <summary>CMC: the channel views (<see cref="ChannelViews.Names"/>), one backbone each; null otherwise.</summary>
    [JsonPropertyName("cmc_views")] public string[]? CmcViews { get; init; }

    /// <summary>The classifier stored in <c>classifier.safetensors</c> (supervised training, fine-tuning, a
    /// distilled student of a classifier), or null.</summary>
    [JsonPropertyName("classifier")] public VisionClassifierManifest? Classifier { get; init; }
}

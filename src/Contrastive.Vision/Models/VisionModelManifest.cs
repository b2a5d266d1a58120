using System.Text.Json.Serialization;
using Contrastive.Vision.Encoders;

namespace Contrastive.Vision.Models;

/// <summary><c>vision_model.json</c>: how the encoder in a model folder was built and trained.</summary>
public sealed record VisionModelManifest(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("encoder")] ImageEncoderConfig Encoder,
    [property: JsonPropertyName("image_size")] int ImageSize);

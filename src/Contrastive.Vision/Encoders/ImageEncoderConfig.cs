using System.Text.Json.Serialization;
using Contrastive.Core;
using static TorchSharp.torch;

namespace Contrastive.Vision.Encoders;

/// <summary>
/// Architecture of an <see cref="ImageEncoder"/>: <c>small-cnn</c> (<see cref="SmallCnn"/>, for CPU runs) or
/// <c>resnet18</c> (<see cref="ResNet18"/> with the CIFAR stem), the input channels and the base width
/// (channels of the first stage: 32 for the small CNN, 64 for ResNet-18).
/// </summary>
public sealed record ImageEncoderConfig(
    [property: JsonPropertyName("architecture")] string Architecture,
    [property: JsonPropertyName("in_channels")] int InChannels,
    [property: JsonPropertyName("width")] int Width)
{
    public const string SmallCnnName = "small-cnn";
    public const string ResNet18Name = "resnet18";

    /// <summary>The default width of an architecture.</summary>
    public static int DefaultWidth(string architecture) => architecture == ResNet18Name ? 64 : 32;

    public ImageEncoderConfig Validate()
    {
        if (Architecture is not (SmallCnnName or ResNet18Name))
            throw new ContrastiveException($"Unknown encoder '{Architecture}'; known: {SmallCnnName}, {ResNet18Name}.");
        if (InChannels < 1) throw new ContrastiveException($"The encoder needs at least 1 input channel, got {InChannels}.");
        if (Width < 1) throw new ContrastiveException($"The encoder width must be positive, got {Width}.");
        return this;
    }

    /// <summary>A new encoder, initialised from <paramref name="generator"/> (see <see cref="VisionInit"/>).</summary>
    public ImageEncoder Create(Generator? generator)
    {
        Validate();
        ImageEncoder encoder = Architecture == ResNet18Name ? new ResNet18(InChannels, Width) : new SmallCnn(InChannels, Width);
        VisionInit.Apply(encoder, generator);
        return encoder;
    }
}

using Contrastive.Vision.Encoders;
using Contrastive.Vision.Methods;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

/// <summary>Tiny encoders, options and batches for the method tests. Width 8, not 4: with base width 4 (4 to 16
/// channels) LibTorch's CPU backward of this CNN returned non-finite gradients in about 1 % of fresh models (seen in
/// 5 of 300 with one thread, 2 of 300 with two; 0 of 300 at width 8), which made the training tests flaky.</summary>
internal static class MethodTestData
{
    public static readonly ImageEncoderConfig Encoder = new(ImageEncoderConfig.SmallCnnName, 1, 8);
    public static readonly VisionMethodOptions Options = new() { HiddenDim = 16, ProjectionDim = 8, QueueSize = 12 };

    public static ImageBatch Batch(int n = 6, ulong seed = 1)
    {
        using var g = new Generator(seed);
        return new ImageBatch([rand([n, 1, 12, 12], generator: g), rand([n, 1, 12, 12], generator: g)], randint(3, [n], generator: g));
    }

    public static VisionMethod Create(VisionMethodKind kind, VisionMethodOptions? options = null, ulong seed = 1)
    {
        using var g = new Generator(seed);
        var method = VisionMethod.Create(kind, Encoder, options ?? Options, 12, g, numClasses: 3);
        method.Network.train();
        return method;
    }
}

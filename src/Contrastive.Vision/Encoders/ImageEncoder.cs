using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Encoders;

/// <summary>A backbone mapping images (B, C, H, W) to features (B, FeatureDim): the representation, taken before any
/// projection head, that kNN and the linear probe evaluate.</summary>
public abstract class ImageEncoder : nn.Module<Tensor, Tensor>
{
    protected ImageEncoder(string name) : base(name) { }

    /// <summary>The architecture, enough to rebuild an encoder with the same state-dict keys and shapes.</summary>
    public abstract ImageEncoderConfig Config { get; }

    /// <summary>Width of the features.</summary>
    public abstract int FeatureDim { get; }

    /// <summary>Multiply-adds of one forward pass of an image of <paramref name="height"/> × <paramref name="width"/>
    /// (convolutions only: BatchNorm, ReLU and pooling are lower order), for throughput as a fraction of the matmul peak.</summary>
    public abstract long MultiplyAdds(int height, int width);

    /// <summary>Multiply-adds of a k × k convolution from <paramref name="cin"/> to <paramref name="cout"/> channels
    /// with output <paramref name="h"/> × <paramref name="w"/>.</summary>
    protected static long ConvMacs(long cin, long cout, long k, long h, long w) => cin * cout * k * k * h * w;

    /// <summary>Output side of a 3 × 3 (padding 1) or 1 × 1 (padding 0) convolution with <paramref name="stride"/>.</summary>
    protected static int Strided(int side, int stride) => (side - 1) / stride + 1;
}

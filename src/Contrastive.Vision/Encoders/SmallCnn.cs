using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Vision.Encoders;

/// <summary>
/// A small CNN for CPU runs on 28×28 to 32×32 images: five conv3×3–BN–ReLU layers of widths w, 2w, 2w, 4w, 4w, the
/// second and fourth with stride 2 (28 → 14 → 7), then global average pooling to 4w features (w = 32: 128-d,
/// about 22 M multiply-adds per 28×28 image).
/// <code>
/// x (B, C, H, W) → conv1,bn1 (B, w, H, W) → conv2,bn2 (B, 2w, H/2, W/2) → conv3,bn3 (B, 2w, H/2, W/2)
///   → conv4,bn4 (B, 4w, H/4, W/4) → conv5,bn5 (B, 4w, H/4, W/4) → mean over H, W → (B, 4w)
/// </code>
/// </summary>
public sealed class SmallCnn : ImageEncoder
{
    private readonly Conv2d conv1, conv2, conv3, conv4, conv5;
    private readonly BatchNorm2d bn1, bn2, bn3, bn4, bn5;
    readonly int _inChannels, _width;

    public SmallCnn(int inChannels, int width = 32) : base(nameof(SmallCnn))
    {
        (_inChannels, _width) = (inChannels, width);
        conv1 = nn.Conv2d(inChannels, width, 3, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width);
        conv2 = nn.Conv2d(width, 2 * width, 3, stride: 2, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(2 * width);
        conv3 = nn.Conv2d(2 * width, 2 * width, 3, padding: 1, bias: false);
        bn3 = nn.BatchNorm2d(2 * width);
        conv4 = nn.Conv2d(2 * width, 4 * width, 3, stride: 2, padding: 1, bias: false);
        bn4 = nn.BatchNorm2d(4 * width);
        conv5 = nn.Conv2d(4 * width, 4 * width, 3, padding: 1, bias: false);
        bn5 = nn.BatchNorm2d(4 * width);
        RegisterComponents();
    }

    public override ImageEncoderConfig Config => new(ImageEncoderConfig.SmallCnnName, _inChannels, _width);

    public override int FeatureDim => 4 * _width;

    public override long MultiplyAdds(int height, int width)
    {
        long w = _width;
        int h2 = Strided(height, 2), w2 = Strided(width, 2), h4 = Strided(h2, 2), w4 = Strided(w2, 2);
        return ConvMacs(_inChannels, w, 3, height, width)
             + ConvMacs(w, 2 * w, 3, h2, w2) + ConvMacs(2 * w, 2 * w, 3, h2, w2)
             + ConvMacs(2 * w, 4 * w, 3, h4, w4) + ConvMacs(4 * w, 4 * w, 3, h4, w4);
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = nn.functional.relu(bn1.forward(conv1.forward(x)));      // (B, w, H, W)
        x = nn.functional.relu(bn2.forward(conv2.forward(x)));      // (B, 2w, H/2, W/2)
        x = nn.functional.relu(bn3.forward(conv3.forward(x)));
        x = nn.functional.relu(bn4.forward(conv4.forward(x)));      // (B, 4w, H/4, W/4)
        x = nn.functional.relu(bn5.forward(conv5.forward(x)));
        return x.mean([2, 3]).MoveToOuterDisposeScope();            // (B, 4w)
    }
}

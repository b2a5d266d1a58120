using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Vision.Encoders;

/// <summary>
/// ResNet-18 with the CIFAR stem (SimCLR, arXiv:2002.05709, Appendix B.9: "we replace the first 7x7 Conv of stride 2
/// with 3x3 Conv of stride 1, and also remove the first max pooling operation"): conv1 3×3 stride 1, bn1, ReLU, then
/// four stages of two <see cref="BasicBlock"/>s of widths w, 2w, 4w, 8w (strides 1, 2, 2, 2), global average pooling;
/// no fc (the features are taken before any head). State-dict keys are torchvision's (conv1, bn1, layer1.0.conv1, …).
/// <code>x (B, C, 32, 32) → (B, w, 32, 32) → layer1 (B, w, 32, 32) → layer2 (B, 2w, 16, 16) → layer3 (B, 4w, 8, 8)
///   → layer4 (B, 8w, 4, 4) → mean → (B, 8w)</code>
/// </summary>
public sealed class ResNet18 : ImageEncoder
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1, layer2, layer3, layer4;
    readonly int _inChannels, _width;

    public ResNet18(int inChannels, int width = 64) : base(nameof(ResNet18))
    {
        (_inChannels, _width) = (inChannels, width);
        conv1 = nn.Conv2d(inChannels, width, 3, stride: 1, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(width);
        layer1 = Stage(width, width, 1);
        layer2 = Stage(width, 2 * width, 2);
        layer3 = Stage(2 * width, 4 * width, 2);
        layer4 = Stage(4 * width, 8 * width, 2);
        RegisterComponents();
    }

    static Sequential Stage(int inPlanes, int planes, int stride) =>
        nn.Sequential(new BasicBlock(inPlanes, planes, stride), new BasicBlock(planes, planes, 1));

    public override ImageEncoderConfig Config => new(ImageEncoderConfig.ResNet18Name, _inChannels, _width);

    public override int FeatureDim => 8 * _width;

    public override long MultiplyAdds(int height, int width)
    {
        long total = ConvMacs(_inChannels, _width, 3, height, width);
        int h = height, w = width, c = _width;
        foreach (var (planes, stride) in new[] { (_width, 1), (2 * _width, 2), (4 * _width, 2), (8 * _width, 2) })
        {
            int ho = Strided(h, stride), wo = Strided(w, stride);
            total += ConvMacs(c, planes, 3, ho, wo) + ConvMacs(planes, planes, 3, ho, wo);   // block 0
            if (stride != 1 || c != planes) total += ConvMacs(c, planes, 1, ho, wo);          // downsample
            total += 2 * ConvMacs(planes, planes, 3, ho, wo);                                 // block 1
            (h, w, c) = (ho, wo, planes);
        }
        return total;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        x = nn.functional.relu(bn1.forward(conv1.forward(x)));
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return x.mean([2, 3]).MoveToOuterDisposeScope();
    }
}

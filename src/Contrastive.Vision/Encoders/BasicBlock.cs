using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Vision.Encoders;

/// <summary>
/// ResNet's basic block (He et al. 2016, arXiv:1512.03385): conv3×3–BN–ReLU–conv3×3–BN plus the shortcut, then ReLU.
/// The shortcut is the identity, or conv1×1–BN (<c>downsample.0</c>, <c>downsample.1</c>) when the stride or the
/// width changes. Field names are torchvision's.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Sequential? downsample;

    public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            downsample = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false), nn.BatchNorm2d(planes));
        RegisterComponents();
    }

    /// <param name="x">(B, C_in, H, W).</param>
    /// <returns>(B, planes, H / stride, W / stride).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.relu(bn1.forward(conv1.forward(x)));
        y = bn2.forward(conv2.forward(y));
        var shortcut = downsample is null ? x : downsample.forward(x);
        return nn.functional.relu(y + shortcut).MoveToOuterDisposeScope();
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Vision.Encoders;

/// <summary>
/// torchvision's initialisation, drawn from an explicit generator (so a seed reproduces a model): Conv2d weights
/// kaiming-normal with fan_out and ReLU gain, N(0, 2 / (k_h k_w C_out)) (torchvision ResNet); Linear weights and biases
/// U(−1/√fan_in, 1/√fan_in) (PyTorch's default bound for the bias, and for the weight up to its √(1/3) gain factor
/// ignored here); BatchNorm weight 1 and bias 0.
/// </summary>
public static class VisionInit
{
    public static void Apply(nn.Module root, Generator? generator)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in root.named_modules().Prepend(("", root)))
        {
            switch (module)
            {
                case Conv2d conv:
                    var w = conv.weight!;
                    double fanOut = w.shape[0] * w.shape[2] * w.shape[3];
                    w.normal_(0.0, Math.Sqrt(2.0 / fanOut), generator);
                    conv.bias?.zero_();
                    break;
                case Linear linear:
                    double bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
                    linear.weight.uniform_(-bound, bound, generator);
                    linear.bias?.uniform_(-bound, bound, generator);
                    break;
                case BatchNorm2d bn2:
                    bn2.weight?.fill_(1.0);
                    bn2.bias?.zero_();
                    break;
                case BatchNorm1d bn1:
                    bn1.weight?.fill_(1.0);
                    bn1.bias?.zero_();
                    break;
            }
        }
    }
}

using Contrastive.Core.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Evaluation;

public class LinearProbeTests
{
    static (Tensor X, Tensor Y) Data(int n, ulong seed, bool separable)
    {
        using var g = new Generator(seed);
        var y = randint(3, [n], generator: g);
        var x = randn([n, 5], generator: g);
        if (separable) x = x + 4 * nn.functional.one_hot(y, 5).to_type(ScalarType.Float32);
        return (x, y);
    }

    [Fact]
    public void Evaluate_LinearlySeparable_NearPerfect()
    {
        var (x, y) = Data(600, 1, separable: true);
        var r = LinearProbe.Evaluate(x.narrow(0, 0, 400), y.narrow(0, 0, 400), x.narrow(0, 400, 200), y.narrow(0, 400, 200), 3);
        Assert.True(r.TestAccuracy > 0.95, $"test accuracy {r.TestAccuracy}");
    }

    [Fact]
    public void Evaluate_NoSignal_AboutChance()
    {
        var (x, y) = Data(3000, 2, separable: false);
        var r = LinearProbe.Evaluate(x.narrow(0, 0, 2000), y.narrow(0, 0, 2000), x.narrow(0, 2000, 1000), y.narrow(0, 2000, 1000), 3);
        Assert.InRange(r.TestAccuracy, 0.25, 0.42);
    }

    [Fact]
    public void Evaluate_SameInputs_SameResult()
    {
        var (x, y) = Data(300, 3, separable: true);
        var a = LinearProbe.Evaluate(x, y, x, y, 3, new LinearProbeOptions { Steps = 20 });
        var b = LinearProbe.Evaluate(x, y, x, y, 3, new LinearProbeOptions { Steps = 20 });
        Assert.Equal(a, b);
    }

    [Fact]
    public void Options_ZeroSteps_Throws() =>
        Assert.Throws<ContrastiveException>(() => new LinearProbeOptions { Steps = 0 }.Validate());
}

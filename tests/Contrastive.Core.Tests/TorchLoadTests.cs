using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests;

/// <summary>Fails when LibTorch cannot load, e.g. when the GLIBCXX patch in Directory.Build.targets stops working.</summary>
public class TorchLoadTests
{
    [Fact]
    public void Torch_Loads_AndMultiplies()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
    }
}

using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class CosineRegressionLossTests
{
    [Fact]
    public void Forward_KnownAngles_IsMeanSquaredErrorOfCosines()
    {
        using var scope = NewDisposeScope();
        // cosines 1, 0, −1 against targets 1, 0.5, 0: squared errors 0, 0.25, 1 → mean 1.25 / 3.
        var u = tensor(new double[,] { { 1, 0 }, { 1, 0 }, { 2, 0 } });
        var v = tensor(new double[,] { { 3, 0 }, { 0, 5 }, { -1, 0 } });
        using var loss = new CosineRegressionLoss();
        Assert.Equal(1.25 / 3, loss.forward(u, v, tensor(new double[] { 1, 0.5, 0 })).item<double>(), 1e-12);
    }

    [Fact]
    public void Forward_TargetsOfWrongLength_Throws()
    {
        using var scope = NewDisposeScope();
        using var loss = new CosineRegressionLoss();
        Assert.Throws<ArgumentException>(() => loss.forward(ones(3, 2), ones(3, 2), ones(2)));
    }
}

using Contrastive.Core.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Evaluation;

public class ToleranceTests
{
    [Fact]
    public void Compute_Random_MatchesPairLoop()
    {
        using var scope = NewDisposeScope();
        var x = randn(13, 5, dtype: ScalarType.Float64, generator: new Generator(51));
        var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 0, 3, 1, 2, 2, 0 });
        var z = nn.functional.normalize(x, p: 2.0, dim: 1);
        var l = labels.data<long>().ToArray();
        double sum = 0; int pairs = 0;
        for (int i = 0; i < l.Length; i++)
            for (int j = 0; j < l.Length; j++)
                if (i != j && l[i] == l[j]) { sum += (z[i] * z[j]).sum().item<double>(); pairs++; }
        Assert.Equal(sum / pairs, Tolerance.Compute(x, labels), 1e-12);
    }

    [Fact]
    public void Compute_EachClassOnePoint_IsOne()
    {
        // Every member of a class at the same direction (scaled differently): all same-class cosines are 1.
        using var scope = NewDisposeScope();
        var x = tensor(new double[,] { { 1, 0 }, { 2, 0 }, { 0, 3 }, { 0, 1 }, { 0, 5 } });
        Assert.Equal(1.0, Tolerance.Compute(x, tensor(new long[] { 0, 0, 1, 1, 1 })), 1e-12);
    }

    [Fact]
    public void Compute_ClassesAntipodal_IsMinusOne()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[,] { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } });
        Assert.Equal(-1.0, Tolerance.Compute(x, tensor(new long[] { 0, 0, 1, 1 })), 1e-12);
    }

    [Fact]
    public void Compute_NoClassWithTwoSamples_Throws()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => Tolerance.Compute(randn(3, 2), tensor(new long[] { 0, 1, 2 })));
    }
}

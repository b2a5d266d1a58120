using Contrastive.Core.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Evaluation;

public class AlignmentUniformityTests
{
    static Tensor Matrix(double[,] values) => tensor(values);

    [Fact]
    public void Alignment_IdenticalDirections_IsZero()
    {
        using var x = Matrix(new double[,] { { 1, 2 }, { -3, 0.5 } });
        using var y = Matrix(new double[,] { { 2, 4 }, { -6, 1 } }); // same directions, other lengths
        Assert.Equal(0.0, AlignmentUniformity.Alignment(x, y), 12);
    }

    [Fact]
    public void Alignment_HandCase_MeanSquaredDistance()
    {
        // pair 1 orthogonal: ||e1 - e2||^2 = 2; pair 2 antipodal: ||e1 + e1||^2 = 4 -> mean 3
        using var x = Matrix(new double[,] { { 1, 0 }, { 1, 0 } });
        using var y = Matrix(new double[,] { { 0, 1 }, { -1, 0 } });
        Assert.Equal(3.0, AlignmentUniformity.Alignment(x, y), 12);
        // alpha = 1: (sqrt 2 + 2) / 2
        Assert.Equal((Math.Sqrt(2) + 2) / 2, AlignmentUniformity.Alignment(x, y, alpha: 1), 12);
    }

    [Fact]
    public void Alignment_UnnormalisedFloat32_NormalisedInside()
    {
        using var x = tensor(new float[] { 3, 0 }).reshape(1, 2);
        using var y = tensor(new float[] { 0, 5 }).reshape(1, 2);
        Assert.Equal(2.0, AlignmentUniformity.Alignment(x, y), 6);
    }

    [Fact]
    public void Alignment_ShapeMismatch_Throws()
    {
        using var x = zeros(3, 4);
        using var y = zeros(2, 4);
        using var v = zeros(4);
        Assert.Throws<ArgumentException>(() => AlignmentUniformity.Alignment(x, y));
        Assert.Throws<ArgumentException>(() => AlignmentUniformity.Alignment(v, v));
        Assert.Throws<ArgumentException>(() => AlignmentUniformity.Alignment(x, x, alpha: 0));
    }

    [Fact]
    public void Uniformity_TwoAntipodalPoints_IsMinusEight()
    {
        // ||e1 - (-e1)||^2 = 4: log(exp(-2 * 4)) = -8
        using var x = Matrix(new double[,] { { 1, 0 }, { -2, 0 } });
        Assert.Equal(-8.0, AlignmentUniformity.Uniformity(x), 12);
        Assert.Equal(-4.0, AlignmentUniformity.Uniformity(x, t: 1), 12);
    }

    [Fact]
    public void Uniformity_ThreePointsAt120Degrees_IsMinusSix()
    {
        // every pair has ||a - b||^2 = 2 - 2 cos 120 = 3: log(exp(-6)) = -6
        double s = Math.Sqrt(3) / 2;
        using var x = Matrix(new double[,] { { 1, 0 }, { -0.5, s }, { -0.5, -s } });
        Assert.Equal(-6.0, AlignmentUniformity.Uniformity(x), 12);
    }

    [Fact]
    public void Uniformity_MixedDistances_MatchesHandValue()
    {
        // e1, e2, -e1: squared distances 2, 4, 2 -> log((2 e^-4 + e^-8) / 3)
        using var x = Matrix(new double[,] { { 1, 0 }, { 0, 1 }, { -1, 0 } });
        double expected = Math.Log((2 * Math.Exp(-4) + Math.Exp(-8)) / 3);
        Assert.Equal(expected, AlignmentUniformity.Uniformity(x), 12);
    }

    [Fact]
    public void Uniformity_AnyChunkSize_EqualsBruteForce()
    {
        var generator = new Generator(1234);
        using var x = randn(new long[] { 37, 5 }, dtype: ScalarType.Float64, generator: generator);
        double expected = BruteForceUniformity(x, 2.0);
        foreach (long rows in new long[] { 1, 4, 36, 37, 100 })
            Assert.Equal(expected, AlignmentUniformity.Uniformity(x, 2.0, rows), 10);
        Assert.Equal(expected, AlignmentUniformity.Uniformity(x), 10);
    }

    [Fact]
    public void Uniformity_TenThousandIdenticalPoints_IsZero()
    {
        // 49,995,000 pairs through the chunked path: every distance is 0, so the mean of exp(0) is 1.
        using var x = ones(10_000, 8);
        Assert.Equal(0.0, AlignmentUniformity.Uniformity(x), 9);
    }

    [Fact]
    public void Uniformity_FewerThanTwoRows_Throws()
    {
        using var x = ones(1, 3);
        Assert.Throws<ArgumentException>(() => AlignmentUniformity.Uniformity(x));
    }

    /// <summary>log of the mean of exp(-t ||u_i - u_j||^2) over i &lt; j, by explicit loops on normalised rows.</summary>
    static double BruteForceUniformity(Tensor x, double t)
    {
        int n = (int)x.shape[0], d = (int)x.shape[1];
        var values = x.data<double>().ToArray();
        var rows = new double[n][];
        for (int i = 0; i < n; i++)
        {
            rows[i] = values.Skip(i * d).Take(d).ToArray();
            double norm = Math.Sqrt(rows[i].Sum(v => v * v));
            for (int k = 0; k < d; k++) rows[i][k] /= norm;
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double sq = 0;
                for (int k = 0; k < d; k++) sq += (rows[i][k] - rows[j][k]) * (rows[i][k] - rows[j][k]);
                sum += Math.Exp(-t * sq);
                pairs++;
            }
        return Math.Log(sum / pairs);
    }
}

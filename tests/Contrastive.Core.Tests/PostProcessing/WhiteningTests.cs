using Contrastive.Core;
using Contrastive.Core.PostProcessing;
using Contrastive.Core.Serialization;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.PostProcessing;

public class WhiteningTests
{
    /// <summary>(N, D) float32 with mean ≠ 0 and strongly correlated, unequal-variance columns: z A + b.</summary>
    static Tensor CorrelatedData(long n, long d, long seed)
    {
        var gen = new Generator((ulong)seed);
        var z = randn(new[] { n, d }, ScalarType.Float64, generator: gen);
        var a = randn(new[] { d, d }, ScalarType.Float64, generator: gen) * linspace(0.1, 3.0, d, ScalarType.Float64);
        var b = randn(new[] { d }, ScalarType.Float64, generator: gen) * 5;
        return (z.matmul(a) + b).to(ScalarType.Float32);
    }

    static (Tensor Mean, Tensor Cov) Moments(Tensor y)
    {
        var yd = y.to(ScalarType.Float64);
        var mean = yd.mean([0]);
        var c = yd - mean;
        return (mean, c.t().matmul(c) / y.shape[0]);
    }

    [Fact]
    public void Apply_OnFittedCorrelatedData_GivesZeroMeanAndIdentityCovariance()
    {
        var x = CorrelatedData(500, 8, seed: 1);
        var (_, covBefore) = Moments(x);
        Assert.False(covBefore.allclose(eye(8, dtype: ScalarType.Float64), atol: 0.5));   // really correlated

        using var whitening = Whitening.Fit(x);
        var y = whitening.Apply(x);

        Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.Equal(new long[] { 500, 8 }, y.shape);
        var (mean, cov) = Moments(y);
        Assert.True(mean.abs().max().item<double>() < 1e-4, $"mean {mean.abs().max().item<double>()}");
        Assert.True((cov - eye(8, dtype: ScalarType.Float64)).abs().max().item<double>() < 1e-4,
            $"max |cov - I| = {(cov - eye(8, dtype: ScalarType.Float64)).abs().max().item<double>()}");
    }

    [Fact]
    public void Fit_MatchesTheClosedFormOnADiagonalCase()
    {
        // Two uncorrelated columns with variances 4 and 1 around mean (1, -2): W = diag(1/2, 1) up to column sign/order.
        var x = tensor(new double[,] { { 3, -1 }, { -1, -1 }, { 3, -3 }, { -1, -3 } });
        using var whitening = Whitening.Fit(x);
        Assert.Equal(new[] { 1.0, -2.0 }, whitening.Mu.data<double>().ToArray());
        var w = whitening.W.abs();
        Assert.Equal(0.5, w[0, 0].item<double>(), 12);
        Assert.Equal(1.0, w[1, 1].item<double>(), 12);
        Assert.Equal(0.0, w[0, 1].item<double>(), 12);
        Assert.Equal(0.0, w[1, 0].item<double>(), 12);
    }

    [Fact]
    public void Fit_WithK_KeepsTheLargestVarianceDirections()
    {
        var x = CorrelatedData(400, 10, seed: 2);
        using var full = Whitening.Fit(x);
        using var reduced = Whitening.Fit(x, k: 3);

        Assert.Equal(10, reduced.InputDim);
        Assert.Equal(3, reduced.OutputDim);
        var y = reduced.Apply(x);
        Assert.Equal(new long[] { 400, 3 }, y.shape);
        var (_, cov) = Moments(y);
        Assert.True((cov - eye(3, dtype: ScalarType.Float64)).abs().max().item<double>() < 1e-4);
        // The kept columns are the first three of the full W (largest singular values first).
        Assert.True(reduced.W.allclose(full.W[.., ..3], rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void SaveThenLoad_GivesTheSameMap()
    {
        using var dir = new TempDir();
        var x = CorrelatedData(100, 6, seed: 3);
        using var whitening = Whitening.Fit(x, k: 4);
        var path = dir.File("whitening.safetensors");
        whitening.Save(path);

        var stored = SafeTensors.ReadHeader(path).Tensors;
        Assert.Equal(new[] { "W", "mu" }, stored.Keys.Order(StringComparer.Ordinal));

        using var loaded = Whitening.Load(path);
        Assert.Equal(whitening.Mu.data<double>().ToArray(), loaded.Mu.data<double>().ToArray());
        Assert.Equal(whitening.W.data<double>().ToArray(), loaded.W.data<double>().ToArray());
        Assert.Equal(whitening.Apply(x).data<float>().ToArray(), loaded.Apply(x).data<float>().ToArray());
    }

    [Fact]
    public void Load_AcceptsFloat32TensorsWrittenElsewhere()
    {
        using var dir = new TempDir();
        var path = dir.File("py.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>
        {
            ["mu"] = tensor(new float[] { 1, 2 }),
            ["W"] = tensor(new float[,] { { 2, 0 }, { 0, 3 } }),
        });
        using var loaded = Whitening.Load(path);
        var y = loaded.Apply(tensor(new float[,] { { 2, 4 } }));
        Assert.Equal(new float[] { 2, 6 }, y.data<float>().ToArray());
    }

    [Fact]
    public void Fit_FewerThanTwoSamples_ThrowsContrastiveException()
    {
        var e = Assert.Throws<ContrastiveException>(() => Whitening.Fit(ones(1, 4)));
        Assert.Contains("at least 2", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Fit_KOutOfRange_ThrowsContrastiveExceptionNamingK(int k)
    {
        var e = Assert.Throws<ContrastiveException>(() => Whitening.Fit(CorrelatedData(10, 4, seed: 4), k));
        Assert.Contains($"k = {k}", e.Message);
    }

    [Fact]
    public void Fit_NonFiniteValues_ThrowsContrastiveException()
    {
        var x = CorrelatedData(10, 3, seed: 5);
        x[2, 1] = tensor(float.NaN);
        Assert.Throws<ContrastiveException>(() => Whitening.Fit(x));
    }

    [Fact]
    public void Apply_WrongWidth_ThrowsContrastiveExceptionNamingTheShape()
    {
        using var whitening = Whitening.Fit(CorrelatedData(20, 4, seed: 6));
        var e = Assert.Throws<ContrastiveException>(() => whitening.Apply(ones(2, 5)));
        Assert.Contains("[2, 5]", e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsContrastiveExceptionNamingIt()
    {
        using var dir = new TempDir();
        var path = dir.File("absent.safetensors");
        var e = Assert.Throws<ContrastiveException>(() => Whitening.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_MissingKey_ThrowsContrastiveExceptionNamingTheKey()
    {
        using var dir = new TempDir();
        var path = dir.File("other.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["mu"] = ones(3) });
        var e = Assert.Throws<ContrastiveException>(() => Whitening.Load(path));
        Assert.Contains("'W'", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Load_InconsistentShapes_ThrowsContrastiveException()
    {
        using var dir = new TempDir();
        var path = dir.File("bad.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["mu"] = ones(3), ["W"] = ones(4, 2) });
        var e = Assert.Throws<ContrastiveException>(() => Whitening.Load(path));
        Assert.Contains("[4, 2]", e.Message);
    }

    [Fact]
    public void Fit_FewerEmbeddingsThanDimensions_RefusedNamingBoth()
    {
        // 3 embeddings of width 64: the covariance has rank 2, the other 62 directions would be scaled by 1/sqrt(eps).
        var e = Assert.Throws<ContrastiveException>(() => Whitening.Fit(CorrelatedData(3, 64, seed: 7)));
        Assert.Contains("3 embeddings", e.Message);
        Assert.Contains("at most 2", e.Message);
        Assert.Contains("64", e.Message);
    }

    [Fact]
    public void Fit_FewerEmbeddingsThanDimensionsWithSmallK_FitsAndWhitensTheKept()
    {
        var x = CorrelatedData(3, 64, seed: 8);
        using var whitening = Whitening.Fit(x, k: 2);
        var y = whitening.Apply(x).to_type(ScalarType.Float64);
        Assert.True(y.abs().max().item<double>() < 10, $"max |y| = {y.abs().max().item<double>()}");
    }
}

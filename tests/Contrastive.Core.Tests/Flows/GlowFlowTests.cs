using Contrastive.Core.Flows;
using Contrastive.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Flows;

public class GlowFlowTests
{
    /// <summary>A tiny flow, actnorm initialised on data and every parameter (the zero-initialised last coupling
    /// layers included) perturbed, so that no part is the identity.</summary>
    static GlowFlow TinyFlow(int dim = 5, int steps = 3, int hidden = 6)
    {
        var flow = new GlowFlow(new GlowFlowOptions { Dim = dim, Steps = steps, HiddenDim = hidden }, new Generator(11));
        flow.Initialize(randn(50, dim, dtype: ScalarType.Float64, generator: new Generator(12)) * 3 + 1);
        using var noGrad = no_grad();
        var g = new Generator(13);
        foreach (var p in flow.parameters()) p.add_(randn(p.shape, dtype: p.dtype, generator: g) * 0.3);
        return flow;
    }

    [Fact]
    public void LogDet_EqualsLogAbsDetOfNumericalJacobian()
    {
        using var scope = NewDisposeScope();
        using var flow = TinyFlow();
        var x = randn(3, 5, dtype: ScalarType.Float64, generator: new Generator(14));
        var (_, logDet) = flow.Forward(x);
        const double h = 1e-6;
        for (int n = 0; n < 3; n++)
        {
            var xn = x[n].unsqueeze(0);                                         // (1, D)
            var columns = new Tensor[5];
            for (int j = 0; j < 5; j++)
            {
                var e = zeros(1, 5, dtype: ScalarType.Float64);
                e[0, j] = h;
                columns[j] = ((flow.Forward(xn + e).Z - flow.Forward(xn - e).Z) / (2 * h)).squeeze(0);   // ∂z/∂x_j
            }
            var jacobian = stack(columns, 1);                                   // (D, D): J[i, j] = ∂z_i/∂x_j
            double numeric = linalg.slogdet(jacobian).Item2.item<double>();
            Assert.Equal(numeric, logDet[n].item<double>(), 1e-6);
        }
    }

    [Fact]
    public void Inverse_OfForward_ReturnsTheInput()
    {
        using var scope = NewDisposeScope();
        using var flow = TinyFlow(dim: 6);
        var x = randn(8, 6, dtype: ScalarType.Float64, generator: new Generator(15)) * 2;
        var z = flow.Forward(x).Z;
        Assert.True(allclose(flow.Inverse(z), x, rtol: 1e-9, atol: 1e-9));
        Assert.True(allclose(flow.Forward(flow.Inverse(x)).Z, x, rtol: 1e-9, atol: 1e-9));
    }

    [Fact]
    public void LogLikelihood_IsStandardGaussianDensityOfZPlusLogDet()
    {
        using var scope = NewDisposeScope();
        using var flow = TinyFlow();
        var x = randn(4, 5, dtype: ScalarType.Float64, generator: new Generator(16));
        var (z, logDet) = flow.Forward(x);
        var expected = -0.5 * z.square().sum(1) - 2.5 * Math.Log(2 * Math.PI) + logDet;
        Assert.True(allclose(flow.LogLikelihood(x), expected, rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void Initialize_FirstBatchLeavesActNormStandardised()
    {
        using var scope = NewDisposeScope();
        var x = randn(200, 4, dtype: ScalarType.Float64, generator: new Generator(17)) * tensor(new double[] { 5, 0.1, 2, 1 }) + 3;
        using var flow = new GlowFlow(new GlowFlowOptions { Dim = 4, Steps = 1, HiddenDim = 3 }, new Generator(18));
        flow.Initialize(x);
        // One step: actnorm standardises, the rotation keeps the covariance I, the initial coupling is ~identity
        // (zero last layer, scale sigmoid(2)): the output is (standardised rotated x) with the last half scaled.
        var z = flow.Transform(x).to(ScalarType.Float64);
        Assert.True(z.mean([0]).abs().max().item<double>() < 1e-6);
    }

    [Fact]
    public void Fitting_WithTheTrainer_RaisesTheLikelihoodOfCorrelatedData()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var g = new Generator(19);
        var latent = randn(512, 4, dtype: ScalarType.Float64, generator: g);
        var mix = tensor(new double[,] { { 2, 0, 0, 0 }, { 1.5, 0.3, 0, 0 }, { 0, 0, 1, 0 }, { 0.5, 0, 0.2, 0.05 } });
        var data = (latent.matmul(mix.t()) + latent.square() * 0.3).to(ScalarType.Float32);    // correlated, non-Gaussian
        using var flow = new GlowFlow(new GlowFlowOptions { Dim = 4, Steps = 4, HiddenDim = 16 }, new Generator(20));
        flow.Initialize(data);
        double before = flow.NegativeLogLikelihoodPerDim(data).item<double>();
        var options = new TrainingOptions { OutputDir = dir.Path, BatchSize = 64, LearningRate = 1e-2, Epochs = 15, EvalSteps = 1000 };
        new Trainer<Tensor>(new FlowFitting(flow), new EmbeddingRows(data), options).Run();
        double after = flow.NegativeLogLikelihoodPerDim(data).item<double>();
        Assert.True(after < before - 0.1, $"NLL per dim {before:F3} -> {after:F3}");
        using var saved = GlowFlow.Load(Path.Combine(dir.Path, "final"));
        Assert.True(allclose(saved.Transform(data), flow.Transform(data)));
    }

    [Fact]
    public void Load_MissingConfig_ThrowsNamingTheFile()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ContrastiveException>(() => GlowFlow.Load(dir.Path));
        Assert.Contains(GlowFlow.ConfigFileName, e.Message);
    }

    [Fact]
    public void Forward_WrongWidth_Throws()
    {
        using var scope = NewDisposeScope();
        using var flow = new GlowFlow(new GlowFlowOptions { Dim = 4 }, new Generator(21));
        Assert.Throws<ContrastiveException>(() => flow.Forward(ones(2, 5)));
    }
}

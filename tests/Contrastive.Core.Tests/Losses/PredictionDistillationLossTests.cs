using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class PredictionDistillationLossTests
{
    static Tensor Random(long n, long d, long seed, ScalarType dtype = ScalarType.Float64) =>
        randn(n, d, dtype: dtype, generator: new Generator((ulong)seed)) * 3;

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void Forward_RandomLogits_MatchesReference(double tau)
    {
        using var scope = NewDisposeScope();
        var s = Random(9, 10, 1);
        var t = Random(9, 10, 2);
        using var loss = new PredictionDistillationLoss(tau);
        double expected = ReferenceLosses.PredictionKl(ReferenceLosses.Rows(s), ReferenceLosses.Rows(t), tau);
        Assert.Equal(expected, loss.forward(s, t).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_Float32_MatchesReference()
    {
        using var scope = NewDisposeScope();
        var s = Random(16, 3, 3, ScalarType.Float32);
        var t = Random(16, 3, 4, ScalarType.Float32);
        using var loss = new PredictionDistillationLoss(2.0);
        var value = loss.forward(s, t);
        Assert.Equal(ScalarType.Float32, value.dtype);
        double expected = ReferenceLosses.PredictionKl(ReferenceLosses.Rows(s), ReferenceLosses.Rows(t), 2.0);
        Assert.Equal(expected, value.item<float>(), 1e-5 * Math.Max(1, expected));
    }

    [Fact]
    public void Forward_TwoClasses_MatchesClosedForm()
    {
        // One example, teacher logits (0, 0) → P = (½, ½); student (a, 0) at τ → Q = (σ(a/τ), 1 − σ(a/τ)):
        // KL = ½ log(½/σ) + ½ log(½/(1 − σ)) = log ½ − ½ log(σ (1 − σ)).
        using var scope = NewDisposeScope();
        double a = 3, tau = 2, sigma = 1 / (1 + Math.Exp(-a / tau));
        using var loss = new PredictionDistillationLoss(tau);
        double expected = Math.Log(0.5) - 0.5 * Math.Log(sigma * (1 - sigma));
        Assert.Equal(expected, loss.forward(tensor(new double[,] { { a, 0 } }), tensor(new double[,] { { 0, 0 } })).item<double>(), 1e-12);
    }

    [Fact]
    public void Forward_StudentIsTeacherPlusRowConstant_IsZero()
    {
        using var scope = NewDisposeScope();
        var t = Random(5, 4, 5);
        var shift = Random(5, 1, 6);
        using var loss = new PredictionDistillationLoss(0.7);
        Assert.Equal(0.0, loss.forward(t + shift, t).item<double>(), 1e-12);
    }

    [Fact]
    public void Forward_Backward_GradientIsSoftmaxDifferenceOverNTau()
    {
        // ∂L/∂s_i = (Q_i − P_i) / (N τ): the softened predictions' difference.
        using var scope = NewDisposeScope();
        double tau = 1.5;
        var s = Random(4, 3, 7).requires_grad_();
        var t = Random(4, 3, 8).requires_grad_();
        using var loss = new PredictionDistillationLoss(tau);
        loss.forward(s, t).backward();
        Assert.Null(t.grad);
        using var expected = (softmax(s.detach() / tau, 1) - softmax(t.detach() / tau, 1)) / (4 * tau);
        Assert.True(s.grad!.allclose(expected, rtol: 1e-9, atol: 1e-12));
    }

    [Fact]
    public void Forward_DifferentShapes_ThrowsArgumentException()
    {
        using var scope = NewDisposeScope();
        using var loss = new PredictionDistillationLoss();
        Assert.Throws<ArgumentException>(() => loss.forward(Random(4, 3, 1), Random(4, 5, 2)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadTemperature_Throws(double tau) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PredictionDistillationLoss(tau));

    [Fact]
    public void Create_KlPredictions_IsThePredictionLoss()
    {
        Assert.Equal(DistillationLossKind.KlPredictions, DistillationLossKindNames.Parse("kl-predictions"));
        Assert.Equal("kl-predictions", DistillationLossKind.KlPredictions.ToName());
        Assert.True(DistillationLossKind.KlPredictions.ComparesPredictions());
        using var loss = DistillationLossKind.KlPredictions.Create(3.0);
        Assert.Equal(3.0, Assert.IsType<PredictionDistillationLoss>(loss).Temperature);
    }
}

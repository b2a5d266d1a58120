using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class SimilarityDistillationLossTests
{
    static Tensor Random(long n, long d, long seed, ScalarType dtype = ScalarType.Float64) =>
        randn(n, d, dtype: dtype, generator: new Generator((ulong)seed));

    [Theory]
    [InlineData(0.05)]
    [InlineData(1.0)]
    public void Forward_RandomSameWidth_MatchesReference(double tau)
    {
        using var scope = NewDisposeScope();
        var s = Random(7, 12, 1);
        var t = Random(7, 12, 2);
        using var loss = new SimilarityDistillationLoss(tau);
        double expected = ReferenceLosses.SimilarityKl(ReferenceLosses.Rows(s), ReferenceLosses.Rows(t), tau);
        Assert.Equal(expected, loss.forward(s, t).item<double>(), 1e-8);
    }

    [Fact]
    public void Forward_StudentNarrowerThanTeacher_MatchesReference()
    {
        using var scope = NewDisposeScope();
        var s = Random(6, 4, 3, ScalarType.Float32);
        var t = Random(6, 16, 4, ScalarType.Float32);
        using var loss = new SimilarityDistillationLoss(0.1);
        var value = loss.forward(s, t);
        Assert.Equal(ScalarType.Float32, value.dtype);
        double expected = ReferenceLosses.SimilarityKl(ReferenceLosses.Rows(s), ReferenceLosses.Rows(t), 0.1);
        Assert.Equal(expected, value.item<float>(), 1e-4 * Math.Max(1, expected));
    }

    [Fact]
    public void Forward_StudentEqualsScaledTeacher_IsZero()
    {
        using var scope = NewDisposeScope();
        var t = Random(5, 8, 5);
        using var loss = new SimilarityDistillationLoss(0.05);
        Assert.Equal(0.0, loss.forward(t * 3.0, t).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_OrthogonalTeacherTwoEqualStudentRows_MatchesClosedForm()
    {
        // Teacher: 3 orthogonal rows, so each P_i is uniform (1/2, 1/2). Student: s_1 = s_2 ⟂ s_3, so rows 1 and 2 put
        // σ(1/τ) on each other and 1 − σ(1/τ) on row 3, and row 3 is uniform (KL 0):
        // L = 2/3 · (log ½ − ½ log(σ (1 − σ))).
        using var scope = NewDisposeScope();
        var t = eye(3, dtype: ScalarType.Float64);
        var s = tensor(new double[,] { { 1, 0 }, { 1, 0 }, { 0, 1 } });
        double tau = 0.5, sigma = 1 / (1 + Math.Exp(-1 / tau));
        double expected = 2.0 / 3 * (Math.Log(0.5) - 0.5 * Math.Log(sigma * (1 - sigma)));
        using var loss = new SimilarityDistillationLoss(tau);
        Assert.Equal(expected, loss.forward(s, t).item<double>(), 1e-12);
    }

    [Fact]
    public void Forward_Backward_GradientReachesStudentOnly()
    {
        using var scope = NewDisposeScope();
        var s = Random(4, 3, 6).requires_grad_();
        var t = Random(4, 5, 7).requires_grad_();
        using var loss = new SimilarityDistillationLoss();
        loss.forward(s, t).backward();
        Assert.NotNull(s.grad);
        Assert.Null(t.grad);
        Assert.True(s.grad!.abs().sum().item<double>() > 0);
    }

    [Fact]
    public void Forward_OneRowOrDifferentRowCounts_ThrowsArgumentException()
    {
        using var scope = NewDisposeScope();
        using var loss = new SimilarityDistillationLoss();
        Assert.Throws<ArgumentException>(() => loss.forward(Random(1, 3, 1), Random(1, 3, 2)));
        Assert.Throws<ArgumentException>(() => loss.forward(Random(4, 3, 1), Random(3, 3, 2)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Constructor_BadTemperature_Throws(double tau) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimilarityDistillationLoss(tau));

    [Theory]
    [InlineData("mse", DistillationLossKind.Mse)]
    [InlineData("kl-similarity", DistillationLossKind.KlSimilarity)]
    public void Parse_KnownName_RoundTrips(string name, DistillationLossKind kind)
    {
        Assert.Equal(kind, DistillationLossKindNames.Parse(name));
        Assert.Equal(name, kind.ToName());
    }

    [Fact]
    public void Parse_UnknownName_ThrowsContrastiveExceptionListingValidNames()
    {
        var e = Assert.Throws<ContrastiveException>(() => DistillationLossKindNames.Parse("kl"));
        Assert.Contains("mse, kl-similarity", e.Message);
    }
}

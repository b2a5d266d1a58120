using Contrastive.Core.Losses;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Losses;

public class EmbeddingMseLossTests
{
    static Tensor Random(long n, long d, long seed) => randn(n, d, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));

    [Fact]
    public void Forward_Random_MatchesReference()
    {
        using var scope = NewDisposeScope();
        var s = Random(6, 10, 1);
        var t = Random(6, 10, 2);
        using var loss = new EmbeddingMseLoss();
        Assert.Equal(ReferenceLosses.Mse(ReferenceLosses.Rows(s), ReferenceLosses.Rows(t)), loss.forward(s, t).item<double>(), 1e-10);
    }

    [Fact]
    public void Forward_StudentShiftedByConstant_EqualsConstantSquared()
    {
        using var scope = NewDisposeScope();
        var t = Random(5, 7, 3);
        using var loss = new EmbeddingMseLoss();
        Assert.Equal(0.09, loss.forward(t + 0.3, t).item<double>(), 1e-12);
        Assert.Equal(0.0, loss.forward(t.clone(), t).item<double>());
    }

    [Fact]
    public void Forward_Backward_GradientReachesStudentOnly()
    {
        using var scope = NewDisposeScope();
        var s = Random(4, 3, 4).requires_grad_();
        var t = Random(4, 3, 5).requires_grad_();
        using var loss = new EmbeddingMseLoss();
        loss.forward(s, t).backward();
        Assert.NotNull(s.grad);
        Assert.Null(t.grad);
        // d/ds of 1/(N·D) Σ (s − t)² is 2 (s − t) / (N·D).
        Assert.True(s.grad!.allclose((s - t).detach() * (2.0 / 12), rtol: 1e-10, atol: 1e-12));
    }

    [Fact]
    public void Forward_DifferentWidths_ThrowsArgumentException()
    {
        using var scope = NewDisposeScope();
        using var loss = new EmbeddingMseLoss();
        Assert.Throws<ArgumentException>(() => loss.forward(Random(4, 3, 1), Random(4, 5, 2)));
    }
}

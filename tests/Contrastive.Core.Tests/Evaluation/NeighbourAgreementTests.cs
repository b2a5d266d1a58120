using Contrastive.Core.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Evaluation;

public class NeighbourAgreementTests
{
    [Fact]
    public void TopOne_ScaledAndWiderCopy_FullAgreement()
    {
        using var scope = NewDisposeScope();
        var g = new Generator(1);
        var queries = randn(10, 4, generator: g);
        var bank = randn(20, 4, generator: g);
        // B = A scaled and padded with zero columns: the same cosines, so the same nearest neighbours at another width.
        var pad = (Tensor t) => cat([t * 3, zeros(t.shape[0], 2)], 1);
        Assert.Equal(1.0, NeighbourAgreement.TopOne(queries, bank, pad(queries), pad(bank)));
    }

    [Fact]
    public void TopOne_HandBuiltNeighbours_CountsTheSameOnes()
    {
        using var scope = NewDisposeScope();
        var bank = tensor(new float[,] { { 1, 0 }, { 0, 1 } });
        var qa = tensor(new float[,] { { 1, 0.1f }, { 0.1f, 1 }, { 1, 0 }, { 0, 1 } });     // neighbours 0, 1, 0, 1
        var qb = tensor(new float[,] { { 1, 0.1f }, { 1, 0.1f }, { 0, 1 }, { 0, 1 } });     // neighbours 0, 0, 1, 1
        Assert.Equal(0.5, NeighbourAgreement.TopOne(qa, bank, qb, bank), 12);
    }

    [Fact]
    public void TopOne_DifferentCounts_Throws()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => NeighbourAgreement.TopOne(ones(3, 2), ones(4, 2), ones(2, 2), ones(4, 2)));
    }
}

using Contrastive.Core.Evaluation;

namespace Contrastive.Core.Tests.Evaluation;

public class CorrelationTests
{
    [Fact]
    public void Spearman_TiesInX_UsesAverageRanks()
    {
        // ranks x = [1, 2.5, 2.5, 4], ranks y = [1, 3, 2, 4]; deviations from 2.5:
        // dx = [-1.5, 0, 0, 1.5], dy = [-1.5, 0.5, -0.5, 1.5] -> 4.5 / sqrt(4.5 * 5) = sqrt(0.9) = 3 / sqrt(10)
        double rho = Correlation.Spearman([1, 2, 2, 3], [1, 3, 2, 4]);
        Assert.Equal(3 / Math.Sqrt(10), rho, 12);
    }

    [Fact]
    public void Spearman_ScipyDocExample_MatchesScipy()
    {
        // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).statistic == 0.8207826816681233 (= 8 / sqrt(95))
        Assert.Equal(0.8207826816681233, Correlation.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 12);
    }

    [Fact]
    public void Spearman_NoTies_EqualsClassicFormula()
    {
        // 1 - 6 sum d^2 / (n (n^2 - 1)) with d = [1, 1, 1, 1, 0]: 1 - 24 / 120 = 0.8
        Assert.Equal(0.8, Correlation.Spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 12);
    }

    [Fact]
    public void Spearman_TiesInBoth_IsZeroForIndependentGrid()
    {
        // ranks x = [1.5, 1.5, 3.5, 3.5], y = [1.5, 3.5, 1.5, 3.5]: deviations are orthogonal
        Assert.Equal(0.0, Correlation.Spearman([1, 1, 2, 2], [1, 2, 1, 2]), 12);
    }

    [Fact]
    public void Spearman_MonotoneTransform_Unchanged()
    {
        double[] x = [0.3, -1.2, 2.5, 0.9, 0.9, 4.1];
        double[] y = [1.0, 0.2, 3.3, 2.2, 0.7, 2.9];
        double expected = Correlation.Spearman(x, y);
        Assert.Equal(expected, Correlation.Spearman(x.Select(Math.Exp).ToArray(), y.Select(v => v * 10 - 3).ToArray()), 12);
        Assert.Equal(-expected, Correlation.Spearman(x, y.Select(v => -v).ToArray()), 12);
    }

    [Fact]
    public void Spearman_ConstantInput_IsNaN()
    {
        Assert.True(double.IsNaN(Correlation.Spearman([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void AverageRanks_Ties_ShareMeanRank()
    {
        Assert.Equal([3.0, 1.0, 3.0, 3.0, 5.0], Correlation.AverageRanks([7, 2, 7, 7, 9]));
    }

    [Fact]
    public void Pearson_ScipyDocExample_MatchesScipy()
    {
        // scipy.stats.pearsonr([1, 2, 3, 4, 5], [10, 9, 2.5, 6, 4]).statistic == -0.7426106572325057 (= -15 / sqrt(408))
        Assert.Equal(-0.7426106572325057, Correlation.Pearson([1, 2, 3, 4, 5], [10, 9, 2.5, 6, 4]), 12);
    }

    [Fact]
    public void Pearson_HandCase_MatchesFormula()
    {
        // dx = [-1, 0, 1], dy = [-7/3, -1/3, 8/3]: 5 / sqrt(2 * 114 / 9) = 15 / sqrt(228)
        Assert.Equal(15 / Math.Sqrt(228), Correlation.Pearson([1, 2, 3], [2, 4, 7]), 12);
    }

    [Fact]
    public void Pearson_LinearRelation_IsPlusOrMinusOne()
    {
        Assert.Equal(1.0, Correlation.Pearson([1, 2, 3, 4], [3, 5, 7, 9]), 12);
        Assert.Equal(-1.0, Correlation.Pearson([1, 2, 3, 4], [-3, -5, -7, -9]), 12);
    }

    [Fact]
    public void Correlation_LengthMismatch_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Correlation.Spearman([1, 2, 3], [1, 2]));
        Assert.Contains("3 and 2", e.Message);
        Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2], [1, 2, 3]));
    }

    [Fact]
    public void Correlation_FewerThanTwoItems_Throws()
    {
        Assert.Throws<ArgumentException>(() => Correlation.Spearman([1], [1]));
        Assert.Throws<ArgumentException>(() => Correlation.Pearson([], []));
    }
}

using Contrastive.Core;
using Contrastive.Text.Pooling;
using Contrastive.Text.SimCse;

namespace Contrastive.Text.Tests.SimCse;

public class SimCseOptionsTests
{
    [Fact]
    public void Defaults_AreThePapersUnsupervisedRecipe()
    {
        var o = new SimCseOptions();

        Assert.Equal((PoolerType.Cls, 0.05, 0.0, false, false, 0.1, 32),
                     (o.Pooler, o.Temperature, o.HardNegativeWeight, o.MlpOnlyTrain, o.DoMlm, o.MlmWeight, o.MaxSeqLength));
        Assert.Equal(PoolerType.Cls, o.EvaluationPooler);
    }

    [Theory]
    [InlineData(PoolerType.Cls, true, PoolerType.ClsBeforePooler)]
    [InlineData(PoolerType.Cls, false, PoolerType.Cls)]
    [InlineData(PoolerType.Avg, true, PoolerType.Avg)]
    [InlineData(PoolerType.ClsBeforePooler, true, PoolerType.ClsBeforePooler)]
    [InlineData(PoolerType.AvgTop2, false, PoolerType.AvgTop2)]
    public void EvaluationPooler_MlpOnlyTrain_DropsTheMlpOnlyForCls(PoolerType pooler, bool mlpOnlyTrain, PoolerType expected) =>
        Assert.Equal(expected, new SimCseOptions(pooler, MlpOnlyTrain: mlpOnlyTrain).EvaluationPooler);

    [Theory]
    [InlineData(0.0, 0.0, 0.1, 32, "temperature")]
    [InlineData(-1.0, 0.0, 0.1, 32, "temperature")]
    [InlineData(double.NaN, 0.0, 0.1, 32, "temperature")]
    [InlineData(double.PositiveInfinity, 0.0, 0.1, 32, "temperature")]
    [InlineData(0.05, double.NaN, 0.1, 32, "hard-negative")]
    [InlineData(0.05, 0.0, -0.5, 32, "MLM weight")]
    [InlineData(0.05, 0.0, 0.1, 2, "maximum sequence length")]
    public void Validate_BadValue_ThrowsNamingIt(double temperature, double hardNegativeWeight, double mlmWeight, int maxSeqLength, string named)
    {
        var o = new SimCseOptions(Temperature: temperature, HardNegativeWeight: hardNegativeWeight, MlmWeight: mlmWeight, MaxSeqLength: maxSeqLength);

        var e = Assert.Throws<ContrastiveException>(() => o.Validate());

        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void Validate_HclWithHardNegativeWeight_Throws()
    {
        var o = new SimCseOptions(HardNegativeWeight: 1.0) { Hcl = new Contrastive.Core.Losses.HclOptions() };
        var e = Assert.Throws<ContrastiveException>(() => o.Validate());
        Assert.Contains("HCL", e.Message);
    }
}

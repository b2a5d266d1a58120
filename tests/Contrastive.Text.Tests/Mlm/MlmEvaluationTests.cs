using Contrastive.Text.Mlm;

namespace Contrastive.Text.Tests.Mlm;

public class MlmEvaluationTests
{
    [Fact]
    public void ToMetrics_NamesAccuracyAndLoss()
    {
        var metrics = new MlmEvaluation(42.5, 1.25, 80, 10).ToMetrics();
        Assert.Equal(2, metrics.Count);
        Assert.Equal(42.5, metrics["mlm_accuracy"]);
        Assert.Equal(1.25, metrics["mlm_loss"]);
    }
}

using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Text.Distillation;

namespace Contrastive.Text.Tests.Distillation;

public class DistillationOptionsTests
{
    [Fact]
    public void Validate_KlPredictions_RefusedForSentenceEncoders()
    {
        var e = Assert.Throws<ContrastiveException>(() => new DistillationOptions(DistillationLossKind.KlPredictions).Validate());
        Assert.Contains("kl-predictions", e.Message);
    }

    [Theory]
    [InlineData(DistillationLossKind.Mse)]
    [InlineData(DistillationLossKind.KlSimilarity)]
    public void Validate_EmbeddingLosses_Accepted(DistillationLossKind loss) =>
        Assert.Equal(loss, new DistillationOptions(loss).Validate().Loss);
}

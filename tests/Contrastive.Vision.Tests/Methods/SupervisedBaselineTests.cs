using Contrastive.Core;
using Contrastive.Vision.Methods;

namespace Contrastive.Vision.Tests.Methods;

public class SupervisedBaselineTests
{
    [Fact]
    public void ComputeLoss_ThreeClasses_AboutLogThreeAtStart()
    {
        var method = MethodTestData.Create(VisionMethodKind.Supervised);
        Assert.InRange(method.ComputeLoss(MethodTestData.Batch(32)).item<float>(), 0.5f, 2.5f);
    }

    [Fact]
    public void ComputeLoss_NoLabels_Throws()
    {
        var method = MethodTestData.Create(VisionMethodKind.Supervised);
        var b = MethodTestData.Batch();
        Assert.Throws<ContrastiveException>(() => method.ComputeLoss(b with { Labels = null }));
    }
}

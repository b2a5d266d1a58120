using Contrastive.Core;
using Contrastive.Core.Heads;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Models;
using Contrastive.Vision.Tests.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Models;

public class VisionModelFolderTests
{
    [Fact]
    public void Save_HeadLayerEncoderWithClassifier_LoadClassifierGivesSameLogits()
    {
        using var dir = new TempDir();
        using var g = new Generator(3);
        var backbone = MethodTestData.Encoder.Create(g);
        var head = new MlpHead(MlpHeadOptions.SimClrV2Projection(backbone.FeatureDim, 16, 8));
        VisionInit.Apply(head, g);
        var encoder = new HeadLayerEncoder(backbone, head, 1);
        var classifier = nn.Linear(16, 3);
        VisionInit.Apply(classifier, g);
        encoder.eval();
        VisionModelFolder.Save(dir.Path, encoder, "supervised", 12, classifier: classifier);

        var (loaded, loadedClassifier, manifest) = VisionModelFolder.LoadClassifier(dir.Path);
        Assert.Equal(1, manifest.ProbeLayer);
        Assert.Equal(new VisionClassifierManifest(16, 3), manifest.Classifier);
        Assert.Equal(16, Assert.IsType<HeadLayerEncoder>(loaded).FeatureDim);
        using var x = MethodTestData.Batch().Views[0];
        using var expected = classifier.forward(encoder.forward(x));
        using var actual = loadedClassifier.forward(loaded.forward(x));
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void LoadClassifier_ModelWithoutClassifier_ThrowsNamingTheFolder()
    {
        using var dir = new TempDir();
        using var g = new Generator(3);
        VisionModelFolder.Save(dir.Path, MethodTestData.Encoder.Create(g), "simclr", 12);
        var e = Assert.Throws<ContrastiveException>(() => VisionModelFolder.LoadClassifier(dir.Path));
        Assert.Contains(dir.Path, e.Message);
        Assert.Contains("classifier", e.Message);
    }
}

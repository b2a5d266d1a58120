using Contrastive.Core;
using Contrastive.Core.Losses;
using Contrastive.Vision.Encoders;
using Contrastive.Vision.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

public class ImageDistillationTests
{
    static ImageDistillation Create(DistillationLossKind loss, int studentWidth = 8, bool classifier = true)
    {
        using var g = new Generator(5);
        var teacher = MethodTestData.Encoder.Create(g);
        var teacherClassifier = classifier ? nn.Linear(teacher.FeatureDim, 3) : null;
        var student = (MethodTestData.Encoder with { Width = studentWidth }).Create(g);
        var method = new ImageDistillation(teacher, teacherClassifier, student, loss, 1.0, 12, g);
        method.Network.train();
        return method;
    }

    [Fact]
    public void ComputeLoss_KlPredictions_EqualsLossOfStudentAndTeacherLogits()
    {
        var method = Create(DistillationLossKind.KlPredictions);
        var batch = MethodTestData.Batch(8);
        var loss = method.ComputeLoss(batch).item<float>();
        using var s = method.StudentOutputs(batch.Views[0]);
        using var t = method.TeacherOutputs(batch.Views[0]);
        Assert.Equal(new long[] { 8, 3 }, s.shape);
        Assert.Equal(new long[] { 8, 3 }, t.shape);
        using var reference = new PredictionDistillationLoss(1.0);
        Assert.Equal(reference.forward(s, t).item<float>(), loss, 1e-5f);
        Assert.True(loss > 0);
    }

    [Fact]
    public void Model_HoldsOnlyTheStudent_TeacherGetsNoGradient()
    {
        using var g = new Generator(5);
        var teacher = MethodTestData.Encoder.Create(g);
        var teacherClassifier = nn.Linear(teacher.FeatureDim, 3);
        var method = new ImageDistillation(teacher, teacherClassifier, MethodTestData.Encoder.Create(g), DistillationLossKind.KlPredictions, 2.0, 12, g);
        method.Network.train();
        Assert.All(method.Model.named_parameters(), p => Assert.True(p.name.StartsWith("backbone.") || p.name.StartsWith("classifier."), p.name));
        method.ComputeLoss(MethodTestData.Batch(8)).backward();
        Assert.All(method.Model.parameters(), p => Assert.NotNull(p.grad));
        Assert.All(teacher.parameters().Concat(teacherClassifier.parameters()), p => Assert.Null(p.grad));
        Assert.False(teacher.training);
    }

    [Theory]
    [InlineData(DistillationLossKind.Mse)]
    [InlineData(DistillationLossKind.KlSimilarity)]
    public void ComputeLoss_EmbeddingLosses_CompareFeatures(DistillationLossKind kind)
    {
        var method = Create(kind, classifier: false);
        Assert.Null(method.Network.Classifier);
        using var s = method.StudentOutputs(MethodTestData.Batch(8).Views[0]);
        Assert.Equal(new long[] { 8, 32 }, s.shape);
        Assert.True(float.IsFinite(method.ComputeLoss(MethodTestData.Batch(8)).item<float>()));
    }

    [Fact]
    public void Create_MseWithNarrowerStudent_ThrowsNamingBothWidths()
    {
        var e = Assert.Throws<ContrastiveException>(() => Create(DistillationLossKind.Mse, studentWidth: 4));
        Assert.Contains("16-d", e.Message);
        Assert.Contains("32-d", e.Message);
        Create(DistillationLossKind.KlSimilarity, studentWidth: 4, classifier: false);    // any width for the similarity KL
    }

    [Fact]
    public void Create_KlPredictionsWithoutTeacherClassifier_Throws() =>
        Assert.Throws<ContrastiveException>(() => Create(DistillationLossKind.KlPredictions, classifier: false));
}

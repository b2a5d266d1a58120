using Contrastive.Core;
using Contrastive.Text.Mlm;

namespace Contrastive.Text.Tests.Mlm;

public class MlmPretrainingSetupTests
{
    static MlmPretrainingSetup Valid() =>
        new(["corpus.txt"], MlmPretrainingSetup.DefaultTraining("out"), new MlmOptions(), VocabPath: "vocab.txt");

    [Fact]
    public void DefaultTraining_IsBertLikeForSmallModels()
    {
        var t = MlmPretrainingSetup.DefaultTraining("out");
        Assert.Equal((5e-4, 0.01, 1e-6, 64), (t.LearningRate, t.WeightDecay, t.AdamEpsilon, t.BatchSize));
        Assert.Equal("mlm_accuracy", t.MetricForBestModel);
        Assert.Equal(0.1, Valid().WarmupRatio);
        Assert.Equal((256, 4, 4, 1024), (MlmPretrainingSetup.SmallModel.HiddenSize, MlmPretrainingSetup.SmallModel.NumHiddenLayers,
                                         MlmPretrainingSetup.SmallModel.NumAttentionHeads, MlmPretrainingSetup.SmallModel.IntermediateSize));
    }

    [Fact]
    public void Validate_NeitherModelNorVocabulary_Throws() =>
        Assert.Throws<ContrastiveException>(() => (Valid() with { VocabPath = null }).Validate());

    [Fact]
    public void Validate_BothModelAndVocabulary_Throws() =>
        Assert.Throws<ContrastiveException>(() => (Valid() with { ModelDir = "model" }).Validate());

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Validate_WarmupRatioOutsideUnitInterval_Throws(double ratio) =>
        Assert.Throws<ContrastiveException>(() => (Valid() with { WarmupRatio = ratio }).Validate());

    [Fact]
    public void Validate_NegativeHeldOut_ThrowsNamingIt()
    {
        var e = Assert.Throws<ContrastiveException>(() => (Valid() with { HeldOutSentences = -3 }).Validate());
        Assert.Contains("-3", e.Message);
    }

    [Fact]
    public void Validate_NoCorpusFile_Throws() =>
        Assert.Throws<ContrastiveException>(() => (Valid() with { CorpusFiles = [] }).Validate());
}

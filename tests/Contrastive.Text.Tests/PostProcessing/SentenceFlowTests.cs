using Contrastive.Core.Flows;
using Contrastive.Core.Training;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.PostProcessing;
using Contrastive.Text.Tests.SimCse;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.PostProcessing;

[Collection(GlobalRngCollection.Name)]
public class SentenceFlowTests
{
    [Fact]
    public void FitSaveLoad_EncodeAppliesTheFlowToTheEncodersEmbeddings()
    {
        using var dir = new TempDir();
        var tokenizer = TinyVocabulary.Words.Tokenizer(dir);
        var encoder = new SentenceEncoder(TinyBert.Words.Model(), tokenizer, PoolerType.Avg, 32);
        var corpus = TinyCorpus.Random(64, 5, maxWords: 12);
        using var embeddings = encoder.Encode(corpus);
        var training = new TrainingOptions { OutputDir = dir.File("run"), BatchSize = 16, LearningRate = 1e-3, Epochs = 3, EvalSteps = 1000 };
        var (flow, result) = SentenceFlow.Fit(embeddings, new GlowFlowOptions { Dim = 2, Steps = 2, HiddenDim = 8 }, training);
        Assert.Equal(12, result.Steps);
        Assert.Equal(32, flow.Dim);                                        // Dim taken from the embeddings
        flow.Save(dir.File("model"));

        var loaded = SentenceFlow.TryLoad(dir.File("model"));
        Assert.NotNull(loaded);
        var sentences = TinyCorpus.Sentences;
        using var z = SentenceFlow.Encode(encoder, loaded, sentences);
        using var expected = flow.Transform(encoder.Encode(sentences));
        Assert.True(z.allclose(expected, rtol: 1e-5, atol: 1e-5));
        Assert.Null(SentenceFlow.TryLoad(dir.Path));
        Assert.True(SentenceFlow.Encode(encoder, null, sentences).allclose(encoder.Encode(sentences)));
    }
}

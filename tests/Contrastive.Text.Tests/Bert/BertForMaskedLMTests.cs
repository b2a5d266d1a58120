using Contrastive.Text.Bert;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Bert;

public class BertForMaskedLMTests
{
    static BertForMaskedLM Model(long seed = 1)
    {
        var model = new BertForMaskedLM(TinyBert.Ids.Config, new Generator((ulong)seed, CPU));
        model.eval();
        return model;
    }

    [Fact]
    public void StateDict_HasHuggingFaceKeys_WithoutDuplicateDecoder()
    {
        using var model = Model();
        var expected = TinyBert.HuggingFaceKeys(2).Where(k => !k.StartsWith("pooler.")).Select(k => "bert." + k)
            .Concat(["cls.predictions.bias", "cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
                     "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias"]);
        Assert.Equal(expected.Order(), model.state_dict().Keys.Order());
    }

    [Fact]
    public void DecoderWeight_IsTheWordEmbeddingStorage_ModifyingOneChangesTheOther()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var embedding = model.bert.embeddings.word_embeddings.weight!;
        Assert.Equal(TestTensors.DataPtr(embedding), TestTensors.DataPtr(model.DecoderWeight));

        var ids = TestTensors.Ids([2, 15, 27, 3]);
        var mask = TestTensors.Mask([1, 1, 1, 1]);
        using (no_grad()) model.DecoderWeight[42].fill_(0.5f);
        Assert.True(embedding[42].eq(0.5f).all().item<bool>());

        // Logits follow transform(h) E^T + b with the modified E.
        var h = model.bert.Forward(ids, mask).LastHiddenState;
        var logits = model.Forward(ids, mask);
        var expected42 = model.cls.predictions.transform.forward(h).matmul(embedding[42]) + model.cls.predictions.bias[42];
        Assert.True(logits[.., .., 42].allclose(expected42, rtol: 1e-5, atol: 1e-5));
        Assert.Equal([1L, 4, 100], logits.shape);
    }

    [Fact]
    public void MlmLoss_GradientFlowsIntoWordEmbeddingsThroughTheDecoder()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        model.train();
        var ids = TestTensors.Ids([2, 15, 4, 3]);
        var labels = TestTensors.Ids([-100, 77, -100, -100]);   // token 77 never appears in the input
        var h = model.bert.Forward(ids, TestTensors.Mask([1, 1, 1, 1])).LastHiddenState;
        model.MlmLoss(h, labels).backward();
        var grad = model.bert.embeddings.word_embeddings.weight!.grad!;
        Assert.True(grad[77].abs().sum().item<float>() > 0);   // only the tied decoder can reach row 77
        Assert.True(model.cls.predictions.bias.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void MlmLoss_EqualsCrossEntropyOverFullLogits_IgnoringMinus100()
    {
        using var scope = NewDisposeScope();
        using var model = Model(seed: 3);
        var ids = TestTensors.Ids([2, 15, 4, 3, 0], [2, 9, 8, 7, 3]);
        var mask = TestTensors.Mask([1, 1, 1, 1, 0], [1, 1, 1, 1, 1]);
        var labels = TestTensors.Ids([-100, 15, -100, -100, -100], [-100, 9, 55, -100, 3]);
        var h = model.bert.Forward(ids, mask).LastHiddenState;

        var loss = model.MlmLoss(h, labels);
        var logits = model.Forward(ids, mask);
        var expected = nn.functional.cross_entropy(logits.reshape(-1, 100), labels.reshape(-1), ignore_index: -100);
        Assert.Equal(expected.item<float>(), loss.item<float>(), 5);
        Assert.True(loss.item<float>() > 3.0);   // about log(100) for an untrained model
    }

    [Fact]
    public void MlmLoss_NoLabelledPosition_IsZeroAndDifferentiable()
    {
        using var scope = NewDisposeScope();
        using var model = Model();
        var h = model.bert.Forward(TestTensors.Ids([2, 15, 3]), TestTensors.Mask([1, 1, 1])).LastHiddenState;
        var loss = model.MlmLoss(h, full(1, 3, -100L));
        Assert.Equal(0f, loss.item<float>());
        loss.backward();
    }

    [Fact]
    public void Constructor_OnExistingEncoder_SharesIt()
    {
        using var scope = NewDisposeScope();
        using var bert = TinyBert.Ids.Model(eval: true);
        using var mlm = new BertForMaskedLM(bert, new Generator(2, CPU));
        Assert.Same(bert, mlm.bert);
        Assert.Contains("bert.pooler.dense.weight", mlm.state_dict().Keys);
        Assert.Equal(TestTensors.DataPtr(bert.embeddings.word_embeddings.weight!), TestTensors.DataPtr(mlm.DecoderWeight));
        using (no_grad()) bert.encoder.layer[0].output.dense.bias!.fill_(1f);
        Assert.True(mlm.state_dict()["bert.encoder.layer.0.output.dense.bias"].eq(1f).all().item<bool>());
    }
}

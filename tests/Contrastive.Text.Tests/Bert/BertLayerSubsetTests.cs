using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Tests.SimCse;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Bert;

public class BertLayerSubsetTests
{
    static BertModel Teacher(int layers = 4)
    {
        using var generator = new Generator(7);
        return new BertModel(TinyBert.Words.Config with { NumHiddenLayers = layers }, generator: generator);
    }

    [Fact]
    public void Create_Layers1And3Of4_CopiesEmbeddingsPoolerAndTheChosenLayers()
    {
        using var teacher = Teacher();
        using var student = BertLayerSubset.Create(teacher, [1, 3]);

        Assert.Equal(2, student.Config.NumHiddenLayers);
        var t = teacher.state_dict();
        var s = student.state_dict();
        Assert.Equal(t.Keys.Count(k => !k.StartsWith("encoder.layer.2.") && !k.StartsWith("encoder.layer.0.")), s.Count);
        Assert.True(s["embeddings.word_embeddings.weight"].eq(t["embeddings.word_embeddings.weight"]).all().item<bool>());
        Assert.True(s["pooler.dense.weight"].eq(t["pooler.dense.weight"]).all().item<bool>());
        Assert.True(s["encoder.layer.0.attention.self.query.weight"].eq(t["encoder.layer.1.attention.self.query.weight"]).all().item<bool>());
        Assert.True(s["encoder.layer.1.output.dense.weight"].eq(t["encoder.layer.3.output.dense.weight"]).all().item<bool>());
        Assert.False(s["encoder.layer.1.output.dense.weight"].eq(t["encoder.layer.1.output.dense.weight"]).all().item<bool>());
    }

    [Fact]
    public void Create_AllLayers_GivesTheTeachersOutputs()
    {
        using var scope = NewDisposeScope();
        using var teacher = Teacher(2);
        using var student = BertLayerSubset.Create(teacher, [0, 1]);
        teacher.eval();
        student.eval();
        var ids = tensor(new long[,] { { 2, 7, 14, 20, 3 } });
        var mask = ones_like(ids);
        Assert.True(student.Forward(ids, mask).LastHiddenState.allclose(teacher.Forward(ids, mask).LastHiddenState));
    }

    [Fact]
    public void Create_StudentTrained_TeacherUnchanged()
    {
        using var teacher = Teacher();
        var before = teacher.state_dict()["encoder.layer.0.output.dense.weight"].clone();
        using var student = BertLayerSubset.Create(teacher, [0]);
        using (no_grad()) student.state_dict()["encoder.layer.0.output.dense.weight"].add_(1.0);
        Assert.True(teacher.state_dict()["encoder.layer.0.output.dense.weight"].eq(before).all().item<bool>());
    }

    [Theory]
    [InlineData(new int[0], "at least one")]
    [InlineData(new[] { 0, 4 }, "layers 0 to 3")]
    [InlineData(new[] { -1 }, "layers 0 to 3")]
    [InlineData(new[] { 2, 1 }, "strictly increasing")]
    [InlineData(new[] { 1, 1 }, "strictly increasing")]
    public void Create_BadLayers_ThrowsContrastiveException(int[] layers, string message)
    {
        using var teacher = Teacher();
        var e = Assert.Throws<ContrastiveException>(() => BertLayerSubset.Create(teacher, layers));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("encoder.layer.0.attention.self.query.weight", "encoder.layer.2.attention.self.query.weight")]
    [InlineData("encoder.layer.1.output.LayerNorm.bias", "encoder.layer.5.output.LayerNorm.bias")]
    [InlineData("embeddings.position_embeddings.weight", "embeddings.position_embeddings.weight")]
    [InlineData("pooler.dense.bias", "pooler.dense.bias")]
    public void TeacherKey_StudentKey_RenumbersOnlyLayers(string student, string teacher) =>
        Assert.Equal(teacher, BertLayerSubset.TeacherKey(student, [2, 5]));
}

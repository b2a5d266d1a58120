using Contrastive.Core.Training;
using TorchSharp.Modules;

namespace Contrastive.Core.Tests.Training;

public sealed class AdamWFactoryTests
{
    [Theory]
    [InlineData("encoder.layer.0.attention.self.query.weight", true)]
    [InlineData("encoder.layer.0.attention.self.query.bias", false)]
    [InlineData("encoder.layer.0.output.LayerNorm.weight", false)]
    [InlineData("embeddings.LayerNorm.bias", false)]
    [InlineData("embeddings.word_embeddings.weight", true)]
    public void DecaysWeight_ExcludesBiasesAndLayerNorm(string name, bool decays) =>
        Assert.Equal(decays, AdamWFactory.DecaysWeight(name));

    [Fact]
    public void Create_SplitsParametersIntoDecayedAndNotDecayedGroups()
    {
        var net = new TinyMlp(1);   // dense.{weight,bias}, LayerNorm.{weight,bias}, output.{weight,bias}
        var options = new TrainingOptions { WeightDecay = 0.01, LearningRate = 1e-3 };

        using var optimizer = AdamWFactory.Create(net, options);

        var groups = optimizer.ParamGroups.Cast<TorchSharp.Modules.AdamW.ParamGroup>().ToList();
        Assert.Equal(2, groups.Count);
        Assert.Equal(0.01, groups[0].Options.weight_decay);
        Assert.Equal(0.0, groups[1].Options.weight_decay);
        Assert.Equal(2, groups[0].Parameters.Count());   // dense.weight, output.weight
        Assert.Equal(4, groups[1].Parameters.Count());
        Assert.All(groups, g => Assert.Equal((0.9, 0.999, 1e-8, 1e-3), (g.Options.beta1, g.Options.beta2, g.Options.eps, g.LearningRate)));
    }

    [Fact]
    public void Create_FrozenParameters_AreLeftOut()
    {
        var net = new TinyMlp(1);
        foreach (var (name, p) in net.named_parameters())
            if (name.StartsWith("dense", StringComparison.Ordinal)) p.requires_grad = false;

        using var optimizer = AdamWFactory.Create(net, new TrainingOptions());

        Assert.Equal(4, optimizer.parameters().Count());
    }
}

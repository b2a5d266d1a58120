using Contrastive.Core.Training;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class AdamWTests
{
    static List<TorchSharp.Modules.AdamW.ParamGroup> Groups(TinyMlp net, bool amsgrad, bool maximize) =>
    [
        new(net.named_parameters().Where(p => AdamWFactory.DecaysWeight(p.name)).Select(p => p.parameter).ToArray(), 3e-2, 0.9, 0.98, 1e-6, weight_decay: 0.1, amsgrad: amsgrad, maximize: maximize),
        new(net.named_parameters().Where(p => !AdamWFactory.DecaysWeight(p.name)).Select(p => p.parameter).ToArray(), 3e-2, 0.9, 0.98, 1e-6, weight_decay: 0.0, amsgrad: amsgrad, maximize: maximize),
    ];

    static void Train(TinyMlp net, optim.Optimizer optimizer, int steps)
    {
        net.eval();                                            // no dropout: both networks see the same function
        using var generator = new Generator(5);
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var x = randn([8, 4], generator: generator);
            net.forward(x).square().mean().backward();
            optimizer.step();
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Step_SameWeightsAndStateAsTorchSharpsAdamW_BitForBit(bool amsgrad, bool maximize)
    {
        using var reference = new TinyMlp(seed: 3);
        using var safe = new TinyMlp(seed: 3);
        using var torchSharps = new TorchSharp.Modules.AdamW(Groups(reference, amsgrad, maximize), 3e-2, 0.9, 0.98, 1e-6);
        using var ours = new Contrastive.Core.Training.AdamW(Groups(safe, amsgrad, maximize), 3e-2, 0.9, 0.98, 1e-6);
        Train(reference, torchSharps, 6);
        Train(safe, ours, 6);

        var expected = reference.state_dict();
        foreach (var (name, tensor) in safe.state_dict())
            Assert.True(tensor.bytes.SequenceEqual(expected[name].bytes), $"{name} differs");
        using var dir = new TempDir();
        torchSharps.save_state_dict(dir.File("a.bin"));
        ours.save_state_dict(dir.File("b.bin"));
        Assert.Equal(File.ReadAllBytes(dir.File("a.bin")), File.ReadAllBytes(dir.File("b.bin")));   // the same file: either loads the other's
        ours.load_state_dict(dir.File("a.bin"));
        Assert.False(reference.named_parameters().First().parameter.bytes.SequenceEqual(new TinyMlp(seed: 3).named_parameters().First().parameter.bytes));
    }

    [Fact]
    public void Create_BuildsTheScalarSafeOptimizer_UnderTorchSharpsName()
    {
        using var net = new TinyMlp(seed: 1);
        using var optimizer = AdamWFactory.Create(net, new TrainingOptions());
        Assert.IsType<Contrastive.Core.Training.AdamW>(optimizer);
        Assert.Equal(nameof(TorchSharp.Modules.AdamW), optimizer.GetType().Name);   // the name checkpoint files carry
    }
}

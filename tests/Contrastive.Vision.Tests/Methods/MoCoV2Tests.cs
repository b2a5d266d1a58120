using Contrastive.Vision.Methods;
using static TorchSharp.torch;

namespace Contrastive.Vision.Tests.Methods;

public class MoCoV2Tests
{
    [Fact]
    public void ComputeLoss_EnqueuesTheBatchKeys()
    {
        var method = MethodTestData.Create(VisionMethodKind.MoCo);
        var queue = method.Network.Queue!;
        Assert.Equal(0, queue.Pointer);
        var before = queue.Snapshot();
        method.ComputeLoss(MethodTestData.Batch(n: 5));
        Assert.Equal(5, queue.Pointer);
        var after = queue.Snapshot();
        Assert.False(after.narrow(0, 0, 5).eq(before.narrow(0, 0, 5)).all().item<bool>());
        Assert.True(after.narrow(0, 5, 7).eq(before.narrow(0, 5, 7)).all().item<bool>());
        Assert.True(after.narrow(0, 0, 5).norm(1).allclose(ones(5), rtol: 0, atol: 1e-5));   // unit keys
    }

    [Fact]
    public void ComputeLoss_Backward_NoGradientInTheMomentumEncoder()
    {
        var method = MethodTestData.Create(VisionMethodKind.MoCo);
        method.ComputeLoss(MethodTestData.Batch()).backward();
        Assert.All(method.Network.BackboneMomentum!.parameters(), p => Assert.True(p.grad is null && !p.requires_grad));
        Assert.Contains(method.Network.Backbone.parameters(), p => p.grad is not null);
    }

    [Fact]
    public void OnStepEnd_MovesMomentumEncoderTowardTheQueryEncoder()
    {
        var method = MethodTestData.Create(VisionMethodKind.MoCo, MethodTestData.Options with { MoCoMomentum = 0.9 });
        var online = method.Network.Backbone.state_dict()["conv1.weight"];
        var momentum = method.Network.BackboneMomentum!.state_dict()["conv1.weight"];
        using (no_grad()) online.add_(1.0);                                 // as if an optimizer step moved it
        var before = momentum.clone();
        method.OnStepEnd(1, 10);
        Assert.True(momentum.allclose(0.9 * before + 0.1 * online, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void StateDict_CheckpointsMomentumEncoderAndQueue()
    {
        var keys = MethodTestData.Create(VisionMethodKind.MoCo).Network.state_dict().Keys.ToArray();
        Assert.Contains("backbone_momentum.conv1.weight", keys);
        Assert.Contains("projection_head_momentum.layers.0.weight", keys);
        Assert.Contains("queue.queue", keys);
        Assert.Contains("queue.queue_ptr", keys);
    }

    [Fact]
    public void ComputeLoss_Symmetric_EnqueuesBothViews()
    {
        var method = MethodTestData.Create(VisionMethodKind.MoCo, MethodTestData.Options with { Symmetric = true });
        using var loss = method.ComputeLoss(MethodTestData.Batch(n: 4));
        Assert.True(float.IsFinite(loss.item<float>()));
        Assert.Equal(8, method.Network.Queue!.Pointer);
    }
}

using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

public sealed class CompositeTrainingObserverTests
{
    [Fact]
    public void Callbacks_TwoObservers_EachGetsEveryCallInOrder()
    {
        var order = new List<string>();
        var a = new RecordingObserver { AfterStep = _ => order.Add("a") };
        var b = new RecordingObserver { AfterStep = _ => order.Add("b") };
        ITrainingObserver composite = new CompositeTrainingObserver(a, b);
        var history = new TrainingHistory("out", [new LossRecord(1, 0.5, 1e-3)], [], null);

        composite.OnStep(new TrainingStatus(1, 2, 0.5, 0.5, 1e-3, 1, TimeSpan.Zero, TimeSpan.Zero));
        composite.OnEvaluation(1, new Dictionary<string, double> { ["m"] = 1 });
        composite.OnHistory(history);
        composite.OnTrainingEnd(history);
        composite.OnCheckpoint("ckpt");
        composite.OnMessage("hello");

        Assert.Equal(["a", "b"], order);
        foreach (var o in new[] { a, b })
        {
            Assert.Single(o.Steps);
            Assert.Equal(1, Assert.Single(o.Evaluations).Step);
            Assert.Equal(("out", 1, 0, (string?)null), Assert.Single(o.Histories));
            Assert.Equal(("out", 1, 0, (string?)null), Assert.Single(o.Ends));
            Assert.Equal("ckpt", Assert.Single(o.Checkpoints));
            Assert.Equal("hello", Assert.Single(o.Messages));
        }
    }

    [Fact]
    public void Constructor_NullObserver_Throws() =>
        Assert.Throws<ArgumentException>(() => new CompositeTrainingObserver(new RecordingObserver(), null!));
}

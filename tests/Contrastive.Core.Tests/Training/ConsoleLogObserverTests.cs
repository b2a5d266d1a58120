using Contrastive.Core.Training;

namespace Contrastive.Core.Tests.Training;

public sealed class ConsoleLogObserverTests
{
    static TrainingStatus Status(int step) =>
        new(step, 25, step / 10.0, 0.123456, 3e-5, 4.5, TimeSpan.FromSeconds(3725), TimeSpan.FromMinutes(2));

    [Fact]
    public void OnStep_PrintsTheFirstEveryNthAndTheLastStep()
    {
        var lines = new List<string>();
        ITrainingObserver observer = new ConsoleLogObserver(lines.Add, every: 10);

        for (int step = 1; step <= 25; step++) observer.OnStep(Status(step));

        Assert.Equal(["step 1/", "step 10/", "step 20/", "step 25/"], lines.Select(l => l[..(l.IndexOf('/') + 1)]));
        Assert.Equal("step 10/25 | epoch 1.00 | loss 0.1235 | lr 3.00E-005 | 4.50 steps/s | elapsed 1:02:05 | ETA 0:02:00", lines[1]);
    }

    [Fact]
    public void OtherCallbacks_PrintOneLineEach()
    {
        var writer = new StringWriter();
        ITrainingObserver observer = new ConsoleLogObserver(writer);

        observer.OnEvaluation(125, new Dictionary<string, double> { ["stsb_spearman"] = 0.76123, ["loss"] = 1 });
        observer.OnCheckpoint("/out/checkpoint");
        observer.OnMessage("hello");

        Assert.Equal(["eval at step 125: stsb_spearman = 0.7612, loss = 1.0000", "checkpoint saved to /out/checkpoint", "hello"],
                     writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}

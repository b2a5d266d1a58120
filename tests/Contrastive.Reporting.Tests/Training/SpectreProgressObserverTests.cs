using Contrastive.Core.Training;
using Contrastive.Reporting.Training;
using Spectre.Console;

namespace Contrastive.Reporting.Tests.Training;

public sealed class SpectreProgressObserverTests
{
    static IAnsiConsole Console(StringWriter writer, bool interactive) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
        Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Out = new AnsiConsoleOutput(writer),
    });

    static int Drive(ITrainingObserver observer)
    {
        for (int step = 1; step <= 20; step++)
            observer.OnStep(new TrainingStatus(step, 20, step / 8.0, 0.5, 1e-3, 10, TimeSpan.FromSeconds(step), TimeSpan.FromSeconds(20 - step)));
        observer.OnMessage("done [not markup]");
        return 7;
    }

    [Fact]
    public void Run_InteractiveConsole_DrawsAProgressBarWithTheLastStep()
    {
        var writer = new StringWriter();

        int result = SpectreProgressObserver.Run(Console(writer, interactive: true), o =>
        {
            Assert.IsType<SpectreProgressObserver>(o);
            return Drive(o);
        });

        Assert.Equal(7, result);
        var text = writer.ToString();
        Assert.Contains("step 20/20", text);
        Assert.Contains("loss 0.5000", text);
        Assert.Contains("100%", text);
        Assert.Contains("done [not markup]", text);
    }

    [Fact]
    public void Run_RedirectedConsole_FallsBackToPlainLines()
    {
        var writer = new StringWriter();

        SpectreProgressObserver.Run(Console(writer, interactive: false), o =>
        {
            Assert.IsType<ConsoleLogObserver>(o);
            return Drive(o);
        }, plainEvery: 10);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);   // steps 1, 10, 20 and the message
        Assert.StartsWith("step 10/20 | epoch 1.25 | loss 0.5000", lines[1]);
        Assert.Equal("done [not markup]", lines[3]);
    }
}

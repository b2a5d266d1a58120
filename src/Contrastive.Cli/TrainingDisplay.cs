using Contrastive.Core.Training;
using Contrastive.Reporting.Training;
using Spectre.Console;

namespace Contrastive.Cli;

/// <summary>
/// What a training command shows and leaves behind besides the models: the Spectre.Console progress bar (plain lines
/// when the output is redirected) and the plots next to the models (<see cref="TrainingPlotsObserver"/>, plus any
/// <paramref name="more"/> observers such as <see cref="CollapsePlotObserver"/>).
/// </summary>
internal static class TrainingDisplay
{
    public static T Run<T>(Func<ITrainingObserver, T> train, params ITrainingObserver[] more) =>
        SpectreProgressObserver.Run(AnsiConsole.Console, progress =>
            train(new CompositeTrainingObserver([progress, new TrainingPlotsObserver(), .. more])));
}

using System.CommandLine;
using Contrastive.Core.Training;
using Spectre.Console;

namespace Contrastive.Cli;

/// <summary>
/// <c>--resume --allow-changed</c> and the run of a training command under <see cref="TrainingInterrupt"/>: shared by
/// every command that trains through the <see cref="Trainer{TBatch}"/> with an output folder (<c>simcse train</c>,
/// <c>bert pretrain</c>, <c>sbert train</c>, <c>distill</c>, <c>seqrec train</c>, <c>vision train</c>), so each one
/// checkpoints on the first Ctrl+C, prints the command that resumes it and refuses a resume with other arguments.
/// </summary>
public sealed class ResumeOptions
{
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the run in --output-dir from its last checkpoint (same arguments; a difference is refused, naming it)." };
    public Option<bool> AllowChanged { get; } = new("--allow-changed") { Description = "With --resume: accept a --learning-rate that differs from the checkpoint's." };

    public IEnumerable<Option> All => [Resume, AllowChanged];

    /// <summary><paramref name="training"/> with <c>--allow-changed</c> applied.</summary>
    public TrainingOptions Apply(ParseResult p, TrainingOptions training) =>
        training with { AllowChangedLearningRate = p.GetValue(AllowChanged) };

    /// <summary>
    /// Runs <paramref name="train"/> (given the observer, <c>--resume</c> and the interrupt's token) with a progress
    /// display and Ctrl+C handling (<see cref="TrainingInterrupt.Run{T}"/>).
    /// </summary>
    public T Run<T>(ParseResult p, Func<ITrainingObserver, bool, CancellationToken, T> train) =>
        TrainingInterrupt.Run(p, ct => SpectreProgressObserver.Run(AnsiConsole.Console, obs => train(obs, p.GetValue(Resume), ct)));
}

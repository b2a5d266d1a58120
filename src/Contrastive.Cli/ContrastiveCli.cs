using System.CommandLine;
using System.Globalization;
using Contrastive.Cli.Commands;
using Contrastive.Core;
using TorchSharp;

namespace Contrastive.Cli;

/// <summary>
/// The <c>contrastive</c> command line: the root command (one file per command under <c>Commands/</c>) and the
/// process-wide settings read from the environment. <c>Program.cs</c> is just <see cref="Run"/>; tests call
/// <see cref="CreateRootCommand"/> with <see cref="CliRunner.Invoke"/> in-process.
/// </summary>
public static class ContrastiveCli
{
    /// <summary>Environment variable fixing torch's intra-op thread count (a positive integer), e.g. so a resumed
    /// run reproduces an uninterrupted one bit for bit: float reductions depend on the number of threads.</summary>
    public const string ThreadsVariable = "CONTRASTIVE_THREADS";

    public static RootCommand CreateRootCommand() =>
        new("Contrastive: contrastive representation learning on TorchSharp (SimCSE, SBERT, BERT-flow and BERT for text, SimCLR, MoCo, BYOL, SimSiam, SupCon and CMC for images, SASRec and CL4SRec for sequences).")
        {
            SimCseCommand.Create(),
            DistillCommand.Create(),
            EvalCommand.Create(),
            EncodeCommand.Create(),
            WhitenCommand.Create(),
            FlowCommand.Create(),
            SbertCommand.Create(),
            TokenizerCommand.Create(),
            BertCommand.Create(),
            ModelCommand.Create(),
            SimilarityCommand.Create(),
            PlotCommand.Create(),
            IndexCommand.Create(),
            SearchCommand.Create(),
            ServeCommand.Create(),
            SeqRecCommand.Create(),
            VisionCommand.Create(),
            CliRunner.CreateVerboseOption(),
        };

    /// <summary>Applies <see cref="ThreadsVariable"/>, then parses and runs <paramref name="args"/>; returns the exit
    /// code (failures are one line on <paramref name="stderr"/>, see <see cref="CliRunner"/>).</summary>
    public static int Run(string[] args, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        try
        {
            ApplyThreadCount(Environment.GetEnvironmentVariable(ThreadsVariable));
        }
        catch (ContrastiveException e)
        {
            return CliRunner.Report(e, stderr);
        }
        return CliRunner.Invoke(CreateRootCommand(), args, stderr);
    }

    /// <summary><c>torch.set_num_threads(n)</c> for a value "n" of <see cref="ThreadsVariable"/>; null or blank
    /// leaves torch's default.</summary>
    /// <exception cref="ContrastiveException">The value is not a positive integer.</exception>
    public static void ApplyThreadCount(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int threads) || threads < 1)
            throw new ContrastiveException($"{ThreadsVariable}: '{value}' is not a positive number of threads.");
        torch.set_num_threads(threads);
    }
}

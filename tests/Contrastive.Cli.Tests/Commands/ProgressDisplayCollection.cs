namespace Contrastive.Cli.Tests.Commands;

/// <summary>
/// Tests of commands that show a Spectre.Console progress display: Spectre allows one live display per process, so
/// these run one at a time and never beside other test classes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProgressDisplayCollection
{
    public const string Name = "progress display";
}

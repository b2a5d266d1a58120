namespace Contrastive.Sequences.Tests;

/// <summary>Tests that seed or draw from the global torch generator (training: dropout, CL4SRec views); they run
/// alone, not beside other test classes, so neither side changes the other's random numbers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    public const string Name = "Global torch RNG";
}

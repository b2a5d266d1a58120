namespace Contrastive.Text.Tests.SimCse;

/// <summary>Tests that seed or draw from the global torch generator (training: dropout, MLM masks); they run alone,
/// not beside other test classes, so neither side changes the other's random numbers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    public const string Name = "Global torch RNG";
}

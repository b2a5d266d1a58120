namespace Contrastive.Vision.Tests.Training;

/// <summary>Tests that seed or draw from the global torch generator or change torch's thread count (training runs);
/// they run alone, not beside other test classes, so neither side changes the other's random numbers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchStateCollection
{
    public const string Name = "Global torch state (vision)";
}

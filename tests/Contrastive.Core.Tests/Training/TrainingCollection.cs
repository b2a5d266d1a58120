namespace Contrastive.Core.Tests.Training;

/// <summary>Tests that train use the global torch RNG (dropout); they run alone, not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "Training (global RNG)";
}

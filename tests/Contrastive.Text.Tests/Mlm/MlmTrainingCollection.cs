namespace Contrastive.Text.Tests.Mlm;

/// <summary>Tests that train use the global torch RNG (dropout, mask seeds); they run alone, not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MlmTrainingCollection
{
    public const string Name = "MLM training (global RNG)";
}

namespace Contrastive.Text.Models;

/// <summary>
/// What loading a weight file left out, in the model's key names: <see cref="MissingKeys"/> kept their
/// initial values; <see cref="UnexpectedKeys"/> (file names after renaming) were not used.
/// </summary>
public sealed record WeightLoadReport(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys)
{
    public bool IsExact => MissingKeys.Count == 0 && UnexpectedKeys.Count == 0;
}

using Contrastive.Core;

namespace Contrastive.Sequences.Training;

/// <summary>Parses the CLI names <c>sasrec</c> and <c>cl4srec</c>.</summary>
public static class SeqRecModelKindNames
{
    public static SeqRecModelKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sasrec" => SeqRecModelKind.SasRec,
        "cl4srec" => SeqRecModelKind.Cl4SRec,
        _ => throw new ContrastiveException($"Unknown model '{name}': use sasrec or cl4srec."),
    };
}

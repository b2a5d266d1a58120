using Contrastive.Core;

namespace Contrastive.Sequences.Training;

/// <summary>Parses the CLI names <c>sasrec</c>, <c>cl4srec</c>, <c>coserec</c> and <c>duorec</c>.</summary>
public static class SeqRecModelKindNames
{
    public static SeqRecModelKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sasrec" => SeqRecModelKind.SasRec,
        "cl4srec" => SeqRecModelKind.Cl4SRec,
        "coserec" => SeqRecModelKind.CoSeRec,
        "duorec" => SeqRecModelKind.DuoRec,
        _ => throw new ContrastiveException($"Unknown model '{name}': use sasrec, cl4srec, coserec or duorec."),
    };
}

using Contrastive.Core;

namespace Contrastive.Vision.Methods;

/// <summary>The training methods of <c>contrastive vision train --method</c>.</summary>
public enum VisionMethodKind
{
    SimClr,
    MoCo,
    Byol,
    SimSiam,
    Supervised,
    SupCon,
    Cmc,
}

/// <summary>Command-line names of <see cref="VisionMethodKind"/>.</summary>
public static class VisionMethodNames
{
    public static readonly IReadOnlyList<string> All = ["simclr", "moco", "byol", "simsiam", "supervised", "supcon", "cmc"];

    public static VisionMethodKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "simclr" => VisionMethodKind.SimClr,
        "moco" or "mocov2" => VisionMethodKind.MoCo,
        "byol" => VisionMethodKind.Byol,
        "simsiam" => VisionMethodKind.SimSiam,
        "supervised" => VisionMethodKind.Supervised,
        "supcon" => VisionMethodKind.SupCon,
        "cmc" => VisionMethodKind.Cmc,
        _ => throw new ContrastiveException($"Unknown method '{name}'; known: {string.Join(", ", All)}."),
    };

    public static string ToName(this VisionMethodKind kind) => All[(int)kind];
}

using Contrastive.Core;

namespace Contrastive.Text.SimCse;

/// <summary>The contrastive loss of a <see cref="SimCse"/> run (<c>simcse train --loss</c>).</summary>
public enum SimCseLoss
{
    /// <summary>SimCSE's InfoNCE with in-batch (and hard) negatives, <see cref="Core.Losses.InfoNceLoss"/>.</summary>
    InfoNce,

    /// <summary>Supervised contrastive L_out (<see cref="Core.Losses.SupConLoss"/>, τ_base = τ): all 2B (3B with hard
    /// negatives) sentences are anchors and candidates; an example's anchor and positive share a class, each hard
    /// negative is alone in its class (a negative for every anchor, never an anchor itself).</summary>
    SupCon,
}

/// <summary>Command-line names of <see cref="SimCseLoss"/>.</summary>
public static class SimCseLossNames
{
    public static readonly IReadOnlyList<string> All = ["infonce", "supcon"];

    public static SimCseLoss Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "infonce" => SimCseLoss.InfoNce,
        "supcon" => SimCseLoss.SupCon,
        _ => throw new ContrastiveException($"Unknown SimCSE loss '{name}'; known: {string.Join(", ", All)}."),
    };
}

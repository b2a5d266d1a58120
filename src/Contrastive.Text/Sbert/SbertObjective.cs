using Contrastive.Core;

namespace Contrastive.Text.Sbert;

/// <summary>SBERT's training objectives (Reimers and Gurevych 2019, §3).</summary>
public enum SbertObjective
{
    /// <summary>Classification: softmax over W_t (u, v, |u − v|) on NLI labels (<see cref="Core.Losses.SoftmaxPairLoss"/>).</summary>
    Nli,

    /// <summary>Regression: mean squared error of cos(u, v) against the STS score / 5 (<see cref="Core.Losses.CosineRegressionLoss"/>).</summary>
    StsRegression,
}

/// <summary>Command-line names of <see cref="SbertObjective"/>.</summary>
public static class SbertObjectiveNames
{
    public static readonly IReadOnlyList<string> All = ["nli", "sts-regression"];

    public static SbertObjective Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "nli" => SbertObjective.Nli,
        "sts-regression" => SbertObjective.StsRegression,
        _ => throw new ContrastiveException($"Unknown SBERT objective '{name}'; known: {string.Join(", ", All)}."),
    };

    public static string ToName(this SbertObjective objective) => All[(int)objective];
}

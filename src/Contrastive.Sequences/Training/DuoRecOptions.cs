using Contrastive.Core;

namespace Contrastive.Sequences.Training;

/// <summary>
/// DuoRec (Qiu, Huang, Yin, Wang, "Contrastive Learning for Representation Degeneration Problem in Sequential
/// Recommendation", WSDM 2022) with the defaults of its code (github.com/RuihongQiu/DuoRec, the command of <c>duorec.sh</c>
/// <c>--lmd=0.1 --lmd_sem=0.1 --contrast='us_x' --sim='dot' --tau=1</c>): contrast <c>us_x</c>, lambda 0.1,
/// lambda_sem 0.1, dot-product similarity, temperature 1.
/// </summary>
public sealed record DuoRecOptions
{
    public DuoRecContrast Contrast { get; init; } = DuoRecContrast.UsX;

    /// <summary><c>lmd</c>: weight of the unsupervised (dropout) pair.</summary>
    public double Lambda { get; init; } = 0.1;

    /// <summary><c>lmd_sem</c>: weight of the supervised (same next item) pair.</summary>
    public double LambdaSupervised { get; init; } = 0.1;

    /// <summary><c>tau</c>.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary><c>sim</c>: dot product (DuoRec's default) or cosine.</summary>
    public Core.Similarity.PairSimilarity Similarity { get; init; } = Core.Similarity.PairSimilarity.DotProduct;

    /// <summary>Whether batches need supervised positives.</summary>
    public bool NeedsSupervisedPositives => Contrast != DuoRecContrast.Un;

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public DuoRecOptions Validate()
    {
        if (!(Lambda >= 0) || double.IsInfinity(Lambda)) throw new ContrastiveException($"DuoRec's lambda must be 0 or more, got {Lambda}.");
        if (!(LambdaSupervised >= 0) || double.IsInfinity(LambdaSupervised)) throw new ContrastiveException($"DuoRec's lambda_sem must be 0 or more, got {LambdaSupervised}.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ContrastiveException($"The temperature must be positive, got {Temperature}.");
        if (!Enum.IsDefined(Contrast)) throw new ContrastiveException($"Unknown DuoRec contrast {Contrast}.");
        return this;
    }

    /// <summary>Parses the code's names <c>us_x</c>, <c>us</c>, <c>un</c>, <c>su</c>.</summary>
    public static DuoRecContrast ParseContrast(string name) => name.Trim().ToLowerInvariant() switch
    {
        "us_x" => DuoRecContrast.UsX,
        "us" => DuoRecContrast.Us,
        "un" => DuoRecContrast.Un,
        "su" => DuoRecContrast.Su,
        _ => throw new ContrastiveException($"Unknown DuoRec contrast '{name}': use us_x, us, un or su."),
    };
}

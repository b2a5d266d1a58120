using Contrastive.Core;

namespace Contrastive.Text.Pooling;

/// <summary>
/// How a sentence embedding is read off BERT's outputs, with SimCSE's names (Gao et al. 2021, <c>--pooler_type</c>);
/// see <see cref="SentencePooler"/> for the formulas.
/// </summary>
public enum PoolerType
{
    /// <summary>"cls": the pooler output <c>tanh(W h_[CLS] + b)</c> (SimCSE's MLP, converted to BERT's pooler).</summary>
    Cls,
    /// <summary>"cls_before_pooler": the last layer's [CLS] vector <c>h_[CLS]</c>.</summary>
    ClsBeforePooler,
    /// <summary>"avg": the masked mean of the last layer.</summary>
    Avg,
    /// <summary>"avg_top2": the masked mean of the average of the last two layers.</summary>
    AvgTop2,
    /// <summary>"avg_first_last": the masked mean of the average of the first and last Transformer layers.</summary>
    AvgFirstLast,
}

/// <summary>Conversion between <see cref="PoolerType"/> and SimCSE's <c>--pooler_type</c> strings.</summary>
public static class PoolerTypeNames
{
    static readonly (PoolerType Type, string Name)[] Names =
    [
        (PoolerType.Cls, "cls"),
        (PoolerType.ClsBeforePooler, "cls_before_pooler"),
        (PoolerType.Avg, "avg"),
        (PoolerType.AvgTop2, "avg_top2"),
        (PoolerType.AvgFirstLast, "avg_first_last"),
    ];

    /// <summary>SimCSE's names, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToArray();

    /// <summary>Parses a SimCSE name (exact, lower case); anything else throws <see cref="ContrastiveException"/> listing the valid ones.</summary>
    public static PoolerType Parse(string name)
    {
        foreach (var (type, n) in Names)
            if (n == name) return type;
        throw new ContrastiveException($"Unknown pooler type '{name}'; valid pooler types are {string.Join(", ", All)}.");
    }

    /// <summary>The SimCSE name of <paramref name="type"/>, e.g. "cls_before_pooler".</summary>
    public static string ToName(this PoolerType type)
    {
        foreach (var (t, n) in Names)
            if (t == type) return n;
        throw new ArgumentOutOfRangeException(nameof(type), type, "not a PoolerType");
    }
}

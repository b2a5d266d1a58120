using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Pooling;
using static TorchSharp.torch;

namespace Contrastive.Text.Inference;

/// <summary>
/// The pooling stage of a sentence pipeline: how the token vectors of the Transformer become one vector. The first
/// four are sentence-transformers' <c>models.Pooling</c> modes (<c>1_Pooling/config.json</c>); the last two read an
/// intermediate layer, which that module cannot, so they are saved as our own module type
/// (<see cref="TokenPoolingNames.LayerAverageModuleType"/>) that sentence-transformers refuses to load instead of
/// computing other vectors. With m the (B, T) attention mask and h^(l) the hidden states (0 = embeddings):
/// <list type="bullet">
/// <item>Cls: <c>h^(L)[:, 0]</c>; Mean: <c>sum_t m_t h^(L)_t / sum_t m_t</c>; Max: the masked max over t;</item>
/// <item>MeanSqrtLen: <c>sum_t m_t h^(L)_t / sqrt(sum_t m_t)</c>;</item>
/// <item>AvgFirstLast: Mean of <c>(h^(1) + h^(L)) / 2</c>; AvgTop2: Mean of <c>(h^(L-1) + h^(L)) / 2</c>.</item>
/// </list>
/// </summary>
public enum TokenPooling
{
    Cls,
    Mean,
    Max,
    MeanSqrtLen,
    AvgFirstLast,
    AvgTop2,
}

/// <summary>Names, parsing and the computation of <see cref="TokenPooling"/>.</summary>
public static class TokenPoolingNames
{
    /// <summary>Our module type for <see cref="TokenPooling.AvgFirstLast"/> and <see cref="TokenPooling.AvgTop2"/>.</summary>
    public const string LayerAverageModuleType = "contrastive.models.LayerAveragePooling";

    static readonly (TokenPooling Mode, string Name)[] Names =
    [
        (TokenPooling.Cls, "cls"),
        (TokenPooling.Mean, "mean"),
        (TokenPooling.Max, "max"),
        (TokenPooling.MeanSqrtLen, "mean_sqrt_len"),
        (TokenPooling.AvgFirstLast, "avg_first_last"),
        (TokenPooling.AvgTop2, "avg_top2"),
    ];

    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToArray();

    /// <summary>The name used by sentence-transformers (<c>pooling_mode</c>) or by our layer-average module.</summary>
    public static string ToName(this TokenPooling mode) => Names.First(n => n.Mode == mode).Name;

    /// <summary>Parses a name of <see cref="All"/>; anything else throws <see cref="ContrastiveException"/> listing them.</summary>
    public static TokenPooling Parse(string name)
    {
        foreach (var (mode, n) in Names)
            if (n == name) return mode;
        throw new ContrastiveException($"Unknown pooling '{name}'; valid poolings are {string.Join(", ", All)}.");
    }

    /// <summary>Whether sentence-transformers' Pooling module computes this mode.</summary>
    public static bool IsSentenceTransformers(this TokenPooling mode) => mode is not (TokenPooling.AvgFirstLast or TokenPooling.AvgTop2);

    /// <summary>Whether <see cref="Pool"/> needs the per-layer hidden states.</summary>
    public static bool NeedsHiddenStates(this TokenPooling mode) => !mode.IsSentenceTransformers();

    /// <summary>(B, H) sentence vectors from the encoder's output; padded positions never contribute.</summary>
    public static Tensor Pool(this TokenPooling mode, BertModelOutput output, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var last = output.LastHiddenState;   // (B, T, H)
        var pooled = mode switch
        {
            TokenPooling.Cls => last.select(1, 0),
            TokenPooling.Mean => SentencePooler.MaskedMean(last, attentionMask),
            TokenPooling.Max => MaskedMax(last, attentionMask),
            TokenPooling.MeanSqrtLen => MaskedSum(last, attentionMask).div_(attentionMask.to_type(last.dtype).sum(1, keepdim: true).clamp_min(1.0).sqrt_()),
            TokenPooling.AvgFirstLast => SentencePooler.MaskedMean(Layers(output, mode)[1].add(last).div_(2.0), attentionMask),
            TokenPooling.AvgTop2 => SentencePooler.MaskedMean(Layers(output, mode)[^2].add(last).div_(2.0), attentionMask),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "not a TokenPooling"),
        };
        return pooled.MoveToOuterDisposeScope();
    }

    /// <summary>sentence-transformers: padded positions set to -1e9 before the max over T.</summary>
    static Tensor MaskedMax(Tensor x, Tensor attentionMask)
    {
        var pad = attentionMask.unsqueeze(-1).expand_as(x).eq(0);   // (B, T, H)
        return x.masked_fill(pad, -1e9).max(1).values;
    }

    static Tensor MaskedSum(Tensor x, Tensor attentionMask) =>
        attentionMask.to_type(x.dtype).unsqueeze(1).matmul(x).squeeze(1);   // (B, 1, T) @ (B, T, H) -> (B, H)

    static IReadOnlyList<Tensor> Layers(BertModelOutput output, TokenPooling mode)
    {
        var all = output.HiddenStates
            ?? throw new ArgumentException($"Pooling '{mode.ToName()}' needs the hidden states: call BertModel.Forward with outputHiddenStates: true.", nameof(output));
        if (all.Count < 2)
            throw new ArgumentException($"Pooling '{mode.ToName()}' needs at least one Transformer layer; got {all.Count} hidden state(s).", nameof(output));
        return all;
    }
}

using Contrastive.Core;
using Contrastive.Core.Similarity;
using Contrastive.Sequences.Augmentation;

namespace Contrastive.Sequences.Training;

/// <summary>
/// CoSeRec (Liu, Chen, Li, Xiong, Socher, Wang, "Contrastive Self-supervised Sequential Recommendation with Robust
/// Augmentation", arXiv:2108.06479, 2021) with its code's settings for Beauty (github.com/YChen1993/CoSeRec,
/// <c>src/beauty.sh</c> over the <c>main.py</c> defaults): crop tao 0.2, mask gamma 0.7, reorder beta 0.2, substitute
/// rate 0.05, insert rate 0.5, length threshold 12 with all five operators for short sequences
/// (<c>augment_type_for_short SIMRC</c>), ItemCF-IUF correlations, top-1; loss <c>L_next + 0.1 * L_cl</c>
/// (<c>cf_weight</c>) with the NT-Xent of the code's <c>NCELoss</c>: dot product, temperature 1.
/// <para>Differences from the code: reorder uses beta for long sequences (the code passes gamma, 0.7, to its long
/// and short reorder); the contrastive term compares last-position representations (the code flattens all 50 padded
/// positions); the next-item loss is the full softmax of the other models here (the code: binary cross-entropy with
/// one sampled negative); the online (embedding) correlations, which the Beauty script mixes in only after 220
/// epochs, are not used in training (<see cref="ItemCorrelation.FromEmbeddings"/> computes them).</para>
/// </summary>
public sealed record CoSeRecOptions
{
    public double Tao { get; init; } = 0.2;
    public double Gamma { get; init; } = 0.7;
    public double Beta { get; init; } = 0.2;
    public double SubstituteRate { get; init; } = 0.05;
    public double InsertRate { get; init; } = 0.5;

    /// <summary>Sequences of at most this many items get <see cref="ShortTypes"/> (<c>augment_threshold</c>).</summary>
    public int Threshold { get; init; } = 12;

    /// <summary><c>augment_type_for_short</c>: S(ubstitute) and I(nsert), plus any of M(ask), R(eorder), C(rop).</summary>
    public string ShortTypes { get; init; } = "SIMRC";

    /// <summary>Correlated items kept per item; one of them is drawn uniformly (CoSeRec: 1).</summary>
    public int TopK { get; init; } = 1;

    /// <summary><c>cf_weight</c>.</summary>
    public double Lambda { get; init; } = 0.1;

    public double Temperature { get; init; } = 1.0;

    public PairSimilarity Similarity { get; init; } = PairSimilarity.DotProduct;

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public CoSeRecOptions Validate()
    {
        if (!(Tao > 0 && Tao <= 1)) throw new ContrastiveException($"The crop ratio tao must be in (0, 1], got {Tao}.");
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ContrastiveException($"The mask ratio gamma must be in [0, 1], got {Gamma}.");
        if (!(Beta >= 0 && Beta <= 1)) throw new ContrastiveException($"The reorder ratio beta must be in [0, 1], got {Beta}.");
        if (!(SubstituteRate > 0 && SubstituteRate <= 1)) throw new ContrastiveException($"The substitute rate must be in (0, 1], got {SubstituteRate}.");
        if (!(InsertRate > 0 && InsertRate <= 1)) throw new ContrastiveException($"The insert rate must be in (0, 1], got {InsertRate}.");
        if (Threshold < 1) throw new ContrastiveException($"The length threshold must be at least 1, got {Threshold}.");
        var types = ShortTypes.ToUpperInvariant();
        if (!types.StartsWith("SI") || types.Skip(2).Any(c => c is not ('M' or 'R' or 'C')) || types.Distinct().Count() != types.Length)
            throw new ContrastiveException($"The short-sequence augmentations must be SI followed by any of M, R, C (e.g. SIM, SIMRC), got '{ShortTypes}'.");
        if (TopK < 1) throw new ContrastiveException($"top-k must be at least 1, got {TopK}.");
        if (!(Lambda >= 0) || double.IsInfinity(Lambda)) throw new ContrastiveException($"The contrastive weight must be 0 or more, got {Lambda}.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ContrastiveException($"The temperature must be positive, got {Temperature}.");
        return this;
    }

    /// <summary>The view generator over <paramref name="correlation"/>, with <paramref name="maskId"/> for the mask.</summary>
    public CoSeRecAugmentation Augmentation(int maskId, ItemCorrelation correlation)
    {
        var insert = new ItemInsert(correlation, InsertRate);
        var substitute = new ItemSubstitute(correlation, SubstituteRate);
        var crop = new ItemCrop(Tao);
        var mask = new ItemMask(maskId, Gamma);
        var reorder = new ItemReorder(Beta);
        var shortChoices = new List<ISequenceAugmentation> { insert, substitute };
        foreach (var c in ShortTypes.ToUpperInvariant().Skip(2))
            shortChoices.Add(c switch { 'M' => mask, 'R' => reorder, _ => crop });
        return new CoSeRecAugmentation(Threshold, shortChoices, [insert, crop, mask, reorder, substitute]);
    }
}

using Contrastive.Core;
using Contrastive.Sequences.Augmentation;

namespace Contrastive.Sequences.Training;

/// <summary>
/// CL4SRec (Xie et al., "Contrastive Learning for Sequential Recommendation", ICDE 2022) with the paper's defaults:
/// crop eta 0.6, mask gamma 0.3, reorder beta 0.6, loss <c>L = L_next + lambda * L_cl</c> with lambda 0.1.
/// <para><see cref="Temperature"/>: the contrastive loss is the core's NT-Xent, which compares views by cosine
/// similarity. RecBole-style CL4SRec code uses a dot product with tau = 1 on LayerNorm outputs of norm about
/// sqrt(H) = 8, i.e. logits up to about 64; cosine / 0.1 keeps a comparably sharp (if 6x softer) distribution, whereas
/// cosine / 1 would make the contrastive term nearly flat. Not tuned.</para>
/// </summary>
public sealed record Cl4SRecOptions
{
    public double Eta { get; init; } = 0.6;
    public double Gamma { get; init; } = 0.3;
    public double Beta { get; init; } = 0.6;
    public double Lambda { get; init; } = 0.1;
    public double Temperature { get; init; } = 0.1;

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public Cl4SRecOptions Validate()
    {
        if (!(Eta > 0 && Eta <= 1)) throw new ContrastiveException($"The crop fraction eta must be in (0, 1], got {Eta}.");
        if (!(Gamma >= 0 && Gamma <= 1)) throw new ContrastiveException($"The mask fraction gamma must be in [0, 1], got {Gamma}.");
        if (!(Beta >= 0 && Beta <= 1)) throw new ContrastiveException($"The reorder fraction beta must be in [0, 1], got {Beta}.");
        if (!(Lambda >= 0) || double.IsInfinity(Lambda)) throw new ContrastiveException($"The contrastive weight lambda must be 0 or more, got {Lambda}.");
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ContrastiveException($"The temperature must be positive, got {Temperature}.");
        return this;
    }

    /// <summary>The view generator: one of crop, mask (with <paramref name="maskId"/>) and reorder per view.</summary>
    public RandomAugmentation Augmentation(int maskId) =>
        new([new ItemCrop(Eta), new ItemMask(maskId, Gamma), new ItemReorder(Beta)]);
}

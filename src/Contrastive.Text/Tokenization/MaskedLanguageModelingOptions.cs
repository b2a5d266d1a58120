using Contrastive.Core;

namespace Contrastive.Text.Tokenization;

/// <summary>
/// BERT's masked-language-modeling corruption (Devlin et al. 2019, section 3.1; SimCSE's optional MLM auxiliary
/// objective, Gao et al. 2021, appendix): select <see cref="MaskProbability"/> of the tokens; of those, replace
/// <see cref="MaskTokenFraction"/> by [MASK], <see cref="RandomTokenFraction"/> by a random token, and leave the
/// rest unchanged. Defaults are the paper's 15% and 80/10/10.
/// </summary>
/// <param name="MaskProbability">Probability that an eligible (non-special, non-padding) token is selected for prediction.</param>
/// <param name="MaskTokenFraction">Fraction of the selected tokens replaced by [MASK].</param>
/// <param name="RandomTokenFraction">Fraction of the selected tokens replaced by a uniformly random token id.</param>
public sealed record MaskedLanguageModelingOptions(
    double MaskProbability = MaskedLanguageModelingOptions.DefaultMaskProbability,
    double MaskTokenFraction = MaskedLanguageModelingOptions.DefaultMaskTokenFraction,
    double RandomTokenFraction = MaskedLanguageModelingOptions.DefaultRandomTokenFraction)
{
    /// <summary>15% of the tokens are selected (Devlin et al. 2019, section 3.1).</summary>
    public const double DefaultMaskProbability = 0.15;

    /// <summary>80% of the selected tokens become [MASK] (Devlin et al. 2019, section 3.1 and appendix C.2).</summary>
    public const double DefaultMaskTokenFraction = 0.8;

    /// <summary>10% of the selected tokens become a random token (the last 10% stay unchanged).</summary>
    public const double DefaultRandomTokenFraction = 0.1;

    /// <summary>Fraction of the selected tokens left unchanged (still predicted).</summary>
    public double KeepFraction => 1 - MaskTokenFraction - RandomTokenFraction;

    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first value out of its range, or fractions
    /// summing above 1.</summary>
    public MaskedLanguageModelingOptions Validate()
    {
        if (!(MaskProbability > 0 && MaskProbability <= 1))
            throw new ContrastiveException($"The mask probability must lie in (0, 1], got {MaskProbability}.");
        if (!(MaskTokenFraction >= 0 && MaskTokenFraction <= 1))
            throw new ContrastiveException($"The [MASK] fraction must lie in [0, 1], got {MaskTokenFraction}.");
        if (!(RandomTokenFraction >= 0 && RandomTokenFraction <= 1))
            throw new ContrastiveException($"The random-token fraction must lie in [0, 1], got {RandomTokenFraction}.");
        if (MaskTokenFraction + RandomTokenFraction > 1 + 1e-12)
            throw new ContrastiveException(
                $"The [MASK] and random-token fractions must not exceed 1 together, got {MaskTokenFraction} + {RandomTokenFraction}.");
        return this;
    }
}

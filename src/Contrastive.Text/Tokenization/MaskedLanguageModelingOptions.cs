namespace Contrastive.Text.Tokenization;

/// <summary>
/// BERT's masked-language-modeling corruption (Devlin et al. 2019, section 3.1; SimCSE's optional MLM auxiliary
/// objective, Gao et al. 2021, appendix): select <see cref="MaskProbability"/> of the tokens; of those, replace
/// <see cref="MaskTokenFraction"/> by [MASK], <see cref="RandomTokenFraction"/> by a random token, and leave the
/// rest unchanged. Defaults are the paper's 15% and 80/10/10.
/// </summary>
public sealed record MaskedLanguageModelingOptions
{
    /// <exception cref="ArgumentOutOfRangeException">A probability outside its range, or fractions summing above 1.</exception>
    public MaskedLanguageModelingOptions(double maskProbability = 0.15, double maskTokenFraction = 0.8, double randomTokenFraction = 0.1)
    {
        if (!(maskProbability > 0 && maskProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(maskProbability), maskProbability, $"MaskProbability must lie in (0, 1], got {maskProbability}.");
        if (!(maskTokenFraction >= 0 && maskTokenFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(maskTokenFraction), maskTokenFraction, $"MaskTokenFraction must lie in [0, 1], got {maskTokenFraction}.");
        if (!(randomTokenFraction >= 0 && randomTokenFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(randomTokenFraction), randomTokenFraction, $"RandomTokenFraction must lie in [0, 1], got {randomTokenFraction}.");
        if (maskTokenFraction + randomTokenFraction > 1 + 1e-12)
            throw new ArgumentOutOfRangeException(nameof(randomTokenFraction), randomTokenFraction,
                $"MaskTokenFraction + RandomTokenFraction must not exceed 1, got {maskTokenFraction} + {randomTokenFraction}.");
        MaskProbability = maskProbability;
        MaskTokenFraction = maskTokenFraction;
        RandomTokenFraction = randomTokenFraction;
    }

    /// <summary>Probability that an eligible (non-special, non-padding) token is selected for prediction. 0.15.</summary>
    public double MaskProbability { get; }

    /// <summary>Fraction of the selected tokens replaced by [MASK]. 0.8.</summary>
    public double MaskTokenFraction { get; }

    /// <summary>Fraction of the selected tokens replaced by a uniformly random token id. 0.1.</summary>
    public double RandomTokenFraction { get; }

    /// <summary>Fraction of the selected tokens left unchanged (still predicted). 0.1.</summary>
    public double KeepFraction => 1 - MaskTokenFraction - RandomTokenFraction;
}

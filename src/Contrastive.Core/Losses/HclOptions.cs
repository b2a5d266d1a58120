namespace Contrastive.Core.Losses;

/// <summary>
/// The hard-negative parameters of <see cref="HardNegativeLoss"/> (Robinson et al. 2021, arXiv:2010.04592), with the
/// authors' code defaults (<c>--beta 1.0 --tau_plus 0.1</c>). A method given these uses HCL instead of InfoNCE /
/// NT-Xent at its own temperature.
/// </summary>
/// <param name="Beta">Concentration β ≥ 0 on hard negatives; 0 weights all negatives equally.</param>
/// <param name="TauPlus">Positive-class prior τ⁺ in [0, 1) of the debiasing; 0 turns it off.</param>
public sealed record HclOptions(double Beta = 1.0, double TauPlus = 0.1)
{
    public HclOptions Validate()
    {
        if (!(Beta >= 0) || double.IsInfinity(Beta))
            throw new ContrastiveException($"The HCL beta must be a non-negative number; got {Beta}.");
        if (!(TauPlus >= 0 && TauPlus < 1))
            throw new ContrastiveException($"The HCL tau_plus must be in [0, 1); got {TauPlus}.");
        return this;
    }

    /// <summary>The loss at temperature τ.</summary>
    public HardNegativeLoss CreateLoss(double temperature) => new(temperature, Beta, TauPlus);
}

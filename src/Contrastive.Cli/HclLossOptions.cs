using System.CommandLine;
using Contrastive.Core;
using Contrastive.Core.Losses;

namespace Contrastive.Cli;

/// <summary>
/// <c>--loss hcl --hcl-beta --hcl-tau-plus</c>: the hard-negative-aware loss (Robinson et al. 2021) in place of a
/// method's InfoNCE / NT-Xent, shared by <c>simcse train</c> and <c>vision train --method simclr</c>.
/// </summary>
public sealed class HclLossOptions(string defaultLoss)
{
    public Option<string> Loss { get; } = new("--loss") { Description = $"Contrastive loss: {defaultLoss} (the method's own) or hcl (Robinson et al. 2021's hard negatives).", DefaultValueFactory = _ => defaultLoss };
    public Option<double> Beta { get; } = new("--hcl-beta") { Description = "HCL: concentration beta on hard negatives.", DefaultValueFactory = _ => 1.0 };
    public Option<double> TauPlus { get; } = new("--hcl-tau-plus") { Description = "HCL: positive-class prior tau+ of the debiasing (0: off).", DefaultValueFactory = _ => 0.1 };

    public IEnumerable<Option> All => [Loss, Beta, TauPlus];

    /// <summary>The HCL options, or null for the method's own loss.</summary>
    public HclOptions? Parse(ParseResult p)
    {
        var loss = p.GetValue(Loss)!.Trim().ToLowerInvariant();
        if (loss == defaultLoss) return null;
        if (loss != "hcl") throw new ContrastiveException($"Unknown --loss '{loss}'; expected {defaultLoss} or hcl.");
        return new HclOptions(p.GetValue(Beta), p.GetValue(TauPlus)).Validate();
    }
}

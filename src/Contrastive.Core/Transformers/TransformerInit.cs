using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Transformers;

/// <summary>
/// The weight initialisation of BERT (Hugging Face <c>BertPreTrainedModel._init_weights</c>) and SASRec (RecBole's
/// <c>SASRec._init_weights</c>), which are the same: every Linear and Embedding weight ~ N(0, std), Linear biases 0,
/// LayerNorm weight 1 and bias 0 (the caller zeroes an embedding's padding row). Draws come from the given generator,
/// or from the global one (seeded by the caller) when it is null, in module order, so a seed reproduces a model
/// exactly.
/// </summary>
public static class TransformerInit
{
    /// <param name="root">The module to initialise, itself and every submodule.</param>
    /// <param name="std">Standard deviation of the weights (<c>initializer_range</c>, 0.02 in both).</param>
    /// <param name="generator">Source of the draws, or null for the global generator.</param>
    public static void Apply(nn.Module root, double std, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var noGrad = no_grad();
        foreach (var (_, module) in root.named_modules().Prepend(("", root)))
        {
            switch (module)
            {
                case Linear linear:
                    linear.weight!.normal_(0.0, std, generator);
                    linear.bias?.zero_();
                    break;
                case Embedding embedding:
                    embedding.weight!.normal_(0.0, std, generator);
                    break;
                case LayerNorm norm:
                    norm.weight!.fill_(1.0);
                    norm.bias!.zero_();
                    break;
            }
        }
    }
}

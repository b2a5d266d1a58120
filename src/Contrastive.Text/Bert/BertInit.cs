using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// Hugging Face <c>BertPreTrainedModel._init_weights</c>: every Linear and Embedding weight ~ N(0, initializer_range),
/// Linear biases 0, LayerNorm weight 1 and bias 0 (the caller zeroes an embedding's padding row). Draws come from the
/// given generator, or from the global one (seeded by the caller) when it is null, in module order, so a seed
/// reproduces a model exactly.
/// </summary>
internal static class BertInit
{
    public static void Apply(nn.Module root, double std, Generator? generator)
    {
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

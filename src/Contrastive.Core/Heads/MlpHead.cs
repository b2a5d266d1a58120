using Contrastive.Core.Similarity;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Heads;

/// <summary>
/// A generic projection / prediction MLP head, configured by <see cref="MlpHeadOptions"/>:
/// x (B, W₀) → [Linear → BatchNorm1d? → ReLU] per hidden width → Linear → BatchNorm1d(affine=False)? → (B, W_L).
/// The modules sit in one Sequential field <c>layers</c>, numbered as in PyTorch's nn.Sequential (ReLUs take an index
/// too), so the state-dict keys are <c>layers.0.weight</c>, <c>layers.1.running_mean</c>, ... as in lightly's heads.
/// </summary>
public sealed class MlpHead : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>The architecture this head was built from.</summary>
    public MlpHeadOptions Options { get; }

    public MlpHead(MlpHeadOptions options, string name = nameof(MlpHead)) : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        var modules = new List<nn.Module<Tensor, Tensor>>();
        var w = options.Widths;
        for (int i = 0; i + 1 < w.Count; i++)
        {
            bool output = i + 2 == w.Count;
            modules.Add(nn.Linear(w[i], w[i + 1], hasBias: output ? options.OutputBias : options.HiddenBias));
            if (!output)
            {
                if (options.HiddenBatchNorm) modules.Add(nn.BatchNorm1d(w[i + 1]));
                modules.Add(nn.ReLU());
            }
            else if (options.OutputBatchNorm)
            {
                modules.Add(nn.BatchNorm1d(w[i + 1], affine: false));
            }
        }
        layers = nn.Sequential(modules);
        RegisterComponents();
    }

    /// <param name="x">(B, InputDim) embeddings; B &gt; 1 in training mode when the head has BatchNorm.</param>
    /// <returns>(B, OutputDim).</returns>
    public override Tensor forward(Tensor x)
    {
        EmbeddingShape.Require2D(x, nameof(x));
        if (x.shape[1] != Options.InputDim)
            throw new ArgumentException(
                $"The MLP head expects (B, {Options.InputDim}) inputs, but x has shape {EmbeddingShape.Format(x)}.", nameof(x));
        return layers.forward(x);
    }
}

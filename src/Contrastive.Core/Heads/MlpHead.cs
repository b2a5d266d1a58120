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
    private readonly int[] _blockEnds;   // index in layers after the ReLU of hidden block k (k = 1..HiddenLayers)

    /// <summary>The architecture this head was built from.</summary>
    public MlpHeadOptions Options { get; }

    public MlpHead(MlpHeadOptions options, string name = nameof(MlpHead)) : base(name)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
        var modules = new List<nn.Module<Tensor, Tensor>>();
        var blockEnds = new List<int>();
        var w = options.Widths;
        for (int i = 0; i + 1 < w.Count; i++)
        {
            bool output = i + 2 == w.Count;
            modules.Add(nn.Linear(w[i], w[i + 1], hasBias: output ? options.OutputBias : options.HiddenBias));
            if (!output)
            {
                if (options.HiddenBatchNorm) modules.Add(nn.BatchNorm1d(w[i + 1]));
                modules.Add(nn.ReLU());
                blockEnds.Add(modules.Count);
            }
            else if (options.OutputBatchNorm)
            {
                modules.Add(nn.BatchNorm1d(w[i + 1], affine: false));
            }
        }
        layers = nn.Sequential(modules);
        _blockEnds = blockEnds.ToArray();
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

    /// <summary>
    /// The output of the first <paramref name="hiddenLayers"/> hidden blocks (Linear → BatchNorm? → ReLU), the
    /// representation SimCLR v2 keeps ("fine-tune from the 1st layer of projection head"); 0 returns x itself.
    /// </summary>
    /// <param name="x">(B, InputDim).</param>
    /// <param name="hiddenLayers">0 ≤ k ≤ <see cref="MlpHeadOptions.HiddenLayers"/>.</param>
    /// <returns>(B, Widths[k]).</returns>
    public Tensor ForwardHidden(Tensor x, int hiddenLayers)
    {
        if (hiddenLayers < 0 || hiddenLayers > _blockEnds.Length)
            throw new ArgumentOutOfRangeException(nameof(hiddenLayers), hiddenLayers,
                $"This head has {_blockEnds.Length} hidden layer(s); the kept layer must be between 0 and {_blockEnds.Length}.");
        EmbeddingShape.Require2D(x, nameof(x));
        if (hiddenLayers == 0) return x.alias();
        using var scope = NewDisposeScope();
        var h = x;
        int end = _blockEnds[hiddenLayers - 1];
        for (int i = 0; i < end; i++) h = ((nn.Module<Tensor, Tensor>)layers[i]).forward(h);
        return h.MoveToOuterDisposeScope();
    }
}
